/**
 * Validation of the registration numbers an FNS certificate carries in its subject (ИНН,
 * ИНН ЮЛ, СНИЛС, ОГРН, ОГРНИП), with messages the popup can show as they are. Runs in the
 * extension and in the host, so no Node APIs here.
 */

import { isValidInn10, isValidInn12, isValidOgrn, isValidOgrnip, isValidSnils } from "./check-digits.ts";

export type IdentifierKind = "inn" | "innle" | "snils" | "ogrn" | "ogrnip";

export interface LocalizedText {
  ru: string;
  en: string;
}

export type IdentifierResult = { ok: true; /** Digits only. */ value: string } | { ok: false; reason: "format" | "checksum"; message: LocalizedText };

interface IdentifierRule {
  name: LocalizedText;
  lengths: readonly number[];
  /** Separators people type and that are dropped before checking. */
  separators: RegExp;
  check(digits: string): boolean;
}

const SPACES = /\s+/g;

const RULES: Readonly<Record<IdentifierKind, IdentifierRule>> = {
  // 10 digits: a legal entity's INN; 12: a person's (docs/fns-profile.md#check-digits).
  inn: {
    name: { ru: "ИНН", en: "INN" },
    lengths: [10, 12],
    separators: SPACES,
    check: (d) => (d.length === 10 ? isValidInn10(d) : isValidInn12(d)),
  },
  innle: { name: { ru: "ИНН ЮЛ", en: "INNLE (legal entity INN)" }, lengths: [10], separators: SPACES, check: isValidInn10 },
  // СНИЛС is printed as "112-233-445 95".
  snils: { name: { ru: "СНИЛС", en: "SNILS" }, lengths: [11], separators: /[\s-]+/g, check: isValidSnils },
  ogrn: { name: { ru: "ОГРН", en: "OGRN" }, lengths: [13], separators: SPACES, check: isValidOgrn },
  ogrnip: { name: { ru: "ОГРНИП", en: "OGRNIP" }, lengths: [15], separators: SPACES, check: isValidOgrnip },
};

function formatError(message: LocalizedText): IdentifierResult {
  return { ok: false, reason: "format", message };
}

export function validateIdentifier(kind: IdentifierKind, value: string): IdentifierResult {
  const rule = RULES[kind];
  const { ru, en } = rule.name;
  const digits = value.replace(rule.separators, "");
  if (!/^\d*$/.test(digits)) {
    const allowed = kind === "snils" ? { ru: "цифры, пробелы и дефисы", en: "digits, spaces and dashes" } : { ru: "цифры", en: "digits" };
    return formatError({ ru: `${ru}: допускаются только ${allowed.ru}`, en: `${en}: only ${allowed.en} are allowed` });
  }
  if (!rule.lengths.includes(digits.length)) {
    const expected = rule.lengths.join(" или ");
    return formatError({
      ru: `${ru} должен состоять из ${expected} цифр, указано цифр: ${digits.length}`,
      en: `${en} must have ${rule.lengths.join(" or ")} digits, got ${digits.length}`,
    });
  }
  // The check digits of an all-zero number work out, but no such number is ever issued.
  if (/^0+$/.test(digits)) {
    return formatError({ ru: `${ru} не может состоять из одних нулей`, en: `${en} cannot be all zeros` });
  }
  if (!rule.check(digits)) {
    return {
      ok: false,
      reason: "checksum",
      message: {
        ru: `${ru} указан с ошибкой: не сходится контрольное число. Проверьте, нет ли опечатки`,
        en: `${en} is wrong: the check digit does not match. Look for a typo`,
      },
    };
  }
  return { ok: true, value: digits };
}
