import { describe, expect, test } from "vitest";
import { validateIdentifier, type IdentifierKind } from "../../../shared/fns/identifiers.ts";

// An independent reference written from the documented rules (docs/fns-profile.md#check-digits), not from the
// code under test: check digits are computed here and the validator must agree.
const sum = (digits: string, weights: number[]) => weights.reduce((acc, w, i) => acc + w * Number(digits[i]), 0);
const reference = {
  inn10: (d: string) => String((sum(d, [2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11) % 10),
  inn12: (d: string) => {
    const c11 = (sum(d, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11) % 10;
    const c12 = (sum(d + c11, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11) % 10;
    return `${c11}${c12}`;
  },
  snils: (d: string) => {
    const s = sum(d, [9, 8, 7, 6, 5, 4, 3, 2, 1]);
    const check = s < 100 ? s : s === 100 || s === 101 ? 0 : s % 101 === 100 ? 0 : s % 101;
    return String(check).padStart(2, "0");
  },
  ogrn: (d: string) => String((BigInt(d) % 11n) % 10n),
  ogrnip: (d: string) => String((BigInt(d) % 13n) % 10n),
};
const BODY_LENGTH: Record<keyof typeof reference, number> = { inn10: 9, inn12: 10, snils: 9, ogrn: 12, ogrnip: 14 };
const KIND_OF: Record<keyof typeof reference, IdentifierKind> = { inn10: "inn", inn12: "inn", snils: "snils", ogrn: "ogrn", ogrnip: "ogrnip" };

function referenceValid(rule: keyof typeof reference, value: string): boolean {
  const body = value.slice(0, BODY_LENGTH[rule]);
  if (rule === "snils" && Number(body) <= 1_001_998) return true;
  return reference[rule](body) === value.slice(BODY_LENGTH[rule]);
}

/** A deterministic pseudo-random digit string (xorshift), so failures reproduce. */
function digitsFrom(seed: number, length: number): string {
  let x = seed * 2654435761 + 1;
  let out = "";
  while (out.length < length) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += String(Math.abs(x) % 10);
  }
  return out;
}

function mutations(value: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length; i++) {
    for (const d of "0123456789") if (d !== value[i]) out.push(value.slice(0, i) + d + value.slice(i + 1));
  }
  return out;
}

// Real numbers: FNS itself (its CA certificate's ИНН ЮЛ and ОГРН) and the FNS-issued
// certificates docs/fns-profile.md#fns-certificates draws on.
const PUBLISHED: { rule: keyof typeof reference; kind: IdentifierKind; value: string }[] = [
  { rule: "inn10", kind: "inn", value: "7707329152" },
  { rule: "inn10", kind: "innle", value: "7707329152" },
  { rule: "inn10", kind: "innle", value: "2308288240" },
  { rule: "inn12", kind: "inn", value: "232601478079" },
  { rule: "inn12", kind: "inn", value: "771004718687" },
  { rule: "inn12", kind: "inn", value: "920151472228" },
  { rule: "snils", kind: "snils", value: "04954357489" },
  { rule: "snils", kind: "snils", value: "18776587454" },
  { rule: "snils", kind: "snils", value: "11223344595" },
  { rule: "ogrn", kind: "ogrn", value: "1047707030513" },
  { rule: "ogrn", kind: "ogrn", value: "1222300057055" },
  { rule: "ogrnip", kind: "ogrnip", value: "309236005500091" },
  { rule: "ogrnip", kind: "ogrnip", value: "323508100561415" },
];

describe("published numbers", () => {
  test.each(PUBLISHED)("$kind $value is valid", ({ rule, kind, value }) => {
    expect(referenceValid(rule, value)).toBe(true);
    expect(validateIdentifier(kind, value)).toEqual({ ok: true, value });
  });

  test.each(PUBLISHED)("every single-digit change of $kind $value agrees with the reference", ({ rule, kind, value }) => {
    for (const mutated of mutations(value)) {
      const result = validateIdentifier(kind, mutated);
      expect(result.ok, mutated).toBe(referenceValid(rule, mutated));
      if (!result.ok) expect(result.reason, mutated).toBe("checksum");
    }
  });

  // "mod 11, then mod 10" folds remainder 10 into 0, so when a number's remainder is 0 or 10
  // some single-digit changes keep the same check digit. The rules cannot catch those; for
  // every other published number, each single-digit typo is caught.
  test("every single-digit typo fails, except the collisions the rules themselves allow", () => {
    const passing = PUBLISHED.map(({ kind, value }) => ({ value, count: mutations(value).filter((m) => validateIdentifier(kind, m).ok).length }));
    expect(passing).toEqual(PUBLISHED.map(({ value }) => ({ value, count: value === "2308288240" ? 9 : value === "309236005500091" ? 10 : 0 })));
  });
});

describe("numbers made from the documented algorithm", () => {
  test.each(Object.keys(reference) as (keyof typeof reference)[])("%s: 300 generated numbers pass, their check-digit changes fail", (rule) => {
    for (let seed = 1; seed <= 300; seed++) {
      let body = digitsFrom(seed, BODY_LENGTH[rule]);
      // Keep СНИЛС above the unchecked range so the check digits matter.
      if (rule === "snils" && Number(body) <= 1_001_998) body = `9${body.slice(1)}`;
      const value = body + reference[rule](body);
      expect(validateIdentifier(KIND_OF[rule], value), value).toEqual({ ok: true, value });
      const last = Number(value.at(-1));
      const wrongLast = value.slice(0, -1) + String((last + 1) % 10);
      expect(validateIdentifier(KIND_OF[rule], wrongLast).ok, wrongLast).toBe(false);
    }
  });

  test("СНИЛС sums of exactly 100 and 101 have check number 00", () => {
    // 9·9 + 8·2 + 7·0 + ... + 1·3 = 100; 9·9 + 8·2 + 1·4 = 101.
    expect(sum("920000003", [9, 8, 7, 6, 5, 4, 3, 2, 1])).toBe(100);
    expect(validateIdentifier("snils", "92000000300").ok).toBe(true);
    expect(validateIdentifier("snils", "92000000400").ok).toBe(true);
    expect(validateIdentifier("snils", "92000000301").ok).toBe(false);
  });
});

describe("СНИЛС", () => {
  test("accepts the printed form and returns digits", () => {
    expect(validateIdentifier("snils", "112-233-445 95")).toEqual({ ok: true, value: "11223344595" });
    expect(validateIdentifier("snils", " 112 233 445 95 ")).toEqual({ ok: true, value: "11223344595" });
  });

  test("numbers up to 001-001-998 have no check, later ones do", () => {
    expect(validateIdentifier("snils", "001-001-998 00").ok).toBe(true);
    expect(validateIdentifier("snils", "001-001-998 77").ok).toBe(true);
    // 001-001-999: 1·7 + 1·4 + 9·3 + 9·2 + 9·1 = 65.
    expect(validateIdentifier("snils", "001-001-999 65").ok).toBe(true);
    expect(validateIdentifier("snils", "001-001-999 00")).toMatchObject({ ok: false, reason: "checksum" });
  });
});

describe("format errors name the field in Russian", () => {
  test.each([
    ["inn", "77073291", "ИНН", "10 или 12", "INN must have 10 or 12 digits, got 8"],
    ["inn", "77073291521", "ИНН", "10 или 12", "INN must have 10 or 12 digits, got 11"],
    ["innle", "771004718687", "ИНН ЮЛ", "10", "INNLE (legal entity INN) must have 10 digits, got 12"],
    ["snils", "112-233-445", "СНИЛС", "11", "SNILS must have 11 digits, got 9"],
    ["ogrn", "104770703051", "ОГРН", "13", "OGRN must have 13 digits, got 12"],
    ["ogrnip", "3092360055000911", "ОГРНИП", "15", "OGRNIP must have 15 digits, got 16"],
  ] as const)("%s %s: wrong length", (kind, value, name, expected, en) => {
    const result = validateIdentifier(kind, value);
    expect(result).toMatchObject({ ok: false, reason: "format" });
    if (result.ok) return;
    expect(result.message.ru.startsWith(`${name} должен состоять из ${expected} цифр`)).toBe(true);
    expect(result.message.en).toBe(en);
  });

  test("letters, dashes outside СНИЛС, all zeros", () => {
    expect(validateIdentifier("inn", "77O7329152")).toMatchObject({ ok: false, reason: "format", message: { ru: "ИНН: допускаются только цифры" } });
    expect(validateIdentifier("ogrn", "1047707-030513")).toMatchObject({ ok: false, reason: "format" });
    expect(validateIdentifier("snils", "000-000-000 00")).toMatchObject({
      ok: false,
      reason: "format",
      message: { ru: "СНИЛС не может состоять из одних нулей" },
    });
  });

  test("a checksum error names the field", () => {
    const result = validateIdentifier("ogrn", "1047707030514");
    expect(result).toMatchObject({ ok: false, reason: "checksum" });
    if (!result.ok) expect(result.message.ru).toMatch(/^ОГРН указан с ошибкой/);
  });
});
