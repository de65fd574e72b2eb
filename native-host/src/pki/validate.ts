/**
 * Checks a request before anything touches the token, and returns it normalised (СНИЛС as
 * digits, country upper-case and defaulted), because the token must sign exactly what the CA
 * will accept: a typo found after the PIN prompt costs the user a signature.
 */

import { validateIdentifier, type IdentifierKind, type LocalizedText } from "../../../shared/fns/identifiers.ts";
import { digestOf, KEY_TYPES, paramSetByOid } from "../../../shared/algorithms/registry.ts";
import { REQUESTABLE_KEY_USAGES, type RequestedExtensions } from "../../../shared/pkix/request-extensions.ts";
import type { TokenPublicKey } from "../../../shared/pkix/token-public-key.ts";
import type { SubjectField, SubjectFields } from "../../../shared/pkix/request-subject.ts";

export interface CsrInput {
  subject: SubjectFields;
  publicKey: TokenPublicKey;
  extensions: RequestedExtensions;
}

export type CsrInputProblem = { ok: false; field: string; message: LocalizedText };
export type CheckedCsrInput = { ok: true; input: CsrInput } | CsrInputProblem;

type TextField = Exclude<SubjectField, IdentifierKind | "country" | "email">;

/**
 * Upper bounds from RFC 5280 Appendix A (ub-common-name, ub-organization-name, ... 64;
 * ub-locality-name, ub-state-name 128) and X.520 (street 128). Surname and given name have
 * only ub-name (32768) there; 128 keeps pasted garbage out without cutting real names.
 */
const TEXT_FIELDS: Readonly<Record<TextField, { label: LocalizedText; max: number }>> = {
  commonName: { label: { ru: "Общее имя (CN)", en: "Common name (CN)" }, max: 64 },
  surname: { label: { ru: "Фамилия", en: "Surname" }, max: 128 },
  givenName: { label: { ru: "Имя и отчество", en: "Given name" }, max: 128 },
  title: { label: { ru: "Должность", en: "Title" }, max: 64 },
  organization: { label: { ru: "Организация", en: "Organization" }, max: 64 },
  organizationalUnit: { label: { ru: "Подразделение", en: "Organizational unit" }, max: 64 },
  state: { label: { ru: "Регион", en: "State or region" }, max: 128 },
  locality: { label: { ru: "Населённый пункт", en: "Locality" }, max: 128 },
  street: { label: { ru: "Адрес", en: "Street address" }, max: 128 },
};

/** PKCS#9 pkcs-9-ub-emailAddress. */
const EMAIL_MAX = 255;
/** RFC 9215: SubjectSignTool ::= UTF8String (SIZE(1..200)). */
const SIGN_TOOL_MAX = 200;
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's purpose
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

const fail = (field: string, ru: string, en: string): CsrInputProblem => ({ ok: false, field, message: { ru, en } });

function checkText(field: string, label: LocalizedText, value: string, max: number): CsrInputProblem | null {
  const length = [...value].length;
  if (value.trim() === "") return fail(field, `Поле «${label.ru}» не заполнено`, `${label.en} is empty`);
  if (CONTROL_CHARS.test(value)) {
    return fail(field, `Поле «${label.ru}» содержит управляющие символы`, `${label.en} contains control characters`);
  }
  if (length > max) {
    return fail(field, `Поле «${label.ru}» длиннее ${max} символов (${length})`, `${label.en} is longer than ${max} characters (${length})`);
  }
  return null;
}

function checkSubject(subject: SubjectFields): { ok: true; subject: SubjectFields } | CsrInputProblem {
  const out: SubjectFields = { ...subject };
  for (const [name, { label, max }] of Object.entries(TEXT_FIELDS) as [TextField, (typeof TEXT_FIELDS)[TextField]][]) {
    // Only CN is required: the CA fills the rest from its registry, docs/fns-profile.md#certificate-request.
    const value = subject[name]?.trim() ?? (name === "commonName" ? "" : undefined);
    if (value === undefined) continue;
    const problem = checkText(`subject.${name}`, label, value, max);
    if (problem) return problem;
    out[name] = value;
  }

  const country = (subject.country ?? "RU").toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) {
    return fail("subject.country", "Страна указывается двумя латинскими буквами (RU)", "Country must be two Latin letters (RU)");
  }
  out.country = country;

  if (subject.email !== undefined) {
    const email = subject.email.trim();
    // IA5String: ASCII only; Cyrillic domains must be given in punycode.
    if (email.length > EMAIL_MAX || !/^[\x21-\x3f\x41-\x7e]+@[\x21-\x3f\x41-\x7e]+\.[\x21-\x3f\x41-\x7e]+$/.test(email)) {
      return fail("subject.email", "Адрес электронной почты указан неверно", "The email address is not valid");
    }
    out.email = email;
  }

  for (const kind of ["inn", "innle", "snils", "ogrn", "ogrnip"] as const) {
    const value = subject[kind];
    if (value === undefined) continue;
    const result = validateIdentifier(kind, value);
    if (!result.ok) return { ok: false, field: `subject.${kind}`, message: result.message };
    out[kind] = result.value;
  }
  return checkSubjectKind(out);
}

/** Which identifiers go together (docs/fns-profile.md#fns-certificates): a legal entity, a sole proprietor or a person. */
function checkSubjectKind(subject: SubjectFields): { ok: true; subject: SubjectFields } | CsrInputProblem {
  // RFC 9215 INN is SIZE(12): a person's INN. An organisation's goes in ИНН ЮЛ.
  if (subject.inn?.length === 10) {
    return fail(
      "subject.inn",
      "В поле ИНН указывается ИНН физического лица (12 цифр); ИНН организации (10 цифр) указывается в поле ИНН ЮЛ",
      "INN holds a person's 12-digit INN; an organisation's 10-digit INN goes in INNLE",
    );
  }
  if (subject.ogrnip !== undefined && (subject.ogrn !== undefined || subject.innle !== undefined)) {
    return fail(
      "subject.ogrnip",
      "ОГРНИП указывается для индивидуального предпринимателя, ОГРН и ИНН ЮЛ — для организации; укажите что-то одно",
      "OGRNIP is for a sole proprietor, OGRN and INNLE for an organisation; give one or the other",
    );
  }
  if (subject.ogrnip !== undefined && subject.inn === undefined) {
    return fail("subject.inn", "Для индивидуального предпринимателя нужен ИНН (12 цифр)", "A sole proprietor needs an INN (12 digits)");
  }
  if (subject.ogrn !== undefined && subject.innle === undefined) {
    return fail("subject.innle", "Для организации вместе с ОГРН нужен ИНН ЮЛ", "An organisation needs INNLE together with OGRN");
  }
  if (subject.innle !== undefined && subject.ogrn === undefined) {
    return fail("subject.ogrn", "Для организации вместе с ИНН ЮЛ нужен ОГРН", "An organisation needs OGRN together with INNLE");
  }
  return { ok: true, subject };
}

function checkPublicKey(key: TokenPublicKey): CsrInputProblem | null {
  const keyType = (KEY_TYPES as Partial<Record<string, (typeof KEY_TYPES)[keyof typeof KEY_TYPES]>>)[key.algorithm];
  if (!keyType) return fail("publicKey.algorithm", `Неподдерживаемый тип ключа ${key.algorithm}`, `Unsupported key type ${key.algorithm}`);
  if (paramSetByOid(key.paramSet)?.keyType !== key.algorithm) {
    return fail(
      "publicKey.paramSet",
      `Набор параметров ${key.paramSet} не подходит для ключа ${key.algorithm}`,
      `Parameter set ${key.paramSet} does not fit a ${key.algorithm} key`,
    );
  }
  // A token that reports another digest (e.g. GOST R 34.11-94) holds a 2001-era key.
  if (key.digestParamSet !== undefined && (!keyType.boundToDigest || key.digestParamSet !== digestOf(key.algorithm).oid)) {
    return fail(
      "publicKey.digestParamSet",
      `Параметры хеширования ${key.digestParamSet} не подходят для ключа ${key.algorithm}`,
      `Digest parameters ${key.digestParamSet} do not fit a ${key.algorithm} key`,
    );
  }
  const wellFormed = key.raw.length === keyType.publicKeyLength && (key.algorithm !== "ec-p256" || key.raw[0] === 0x04);
  if (!wellFormed) {
    return fail(
      "publicKey.raw",
      `Открытый ключ с токена имеет неверный формат (${key.raw.length} байт)`,
      `The public key read from the token is malformed (${key.raw.length} bytes)`,
    );
  }
  return null;
}

const OID_PATTERN = /^[0-2]\.(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/;

function checkList(field: string, values: readonly string[], valid: (value: string) => boolean): CsrInputProblem | null {
  const bad = values.find((value) => !valid(value));
  if (bad !== undefined) return fail(field, `Недопустимое значение ${bad}`, `Invalid value ${bad}`);
  if (new Set(values).size !== values.length) return fail(field, "Значения повторяются", "Values are repeated");
  return null;
}

function checkExtensions(ext: RequestedExtensions): CsrInputProblem | null {
  const usages: readonly string[] = REQUESTABLE_KEY_USAGES;
  const problem =
    checkList("extensions.keyUsage", ext.keyUsage ?? [], (name) => usages.includes(name)) ??
    checkList("extensions.extendedKeyUsage", ext.extendedKeyUsage ?? [], (oid) => OID_PATTERN.test(oid)) ??
    checkList("extensions.policies", ext.policies ?? [], (oid) => OID_PATTERN.test(oid));
  if (problem) return problem;
  if (ext.subjectSignTool !== undefined) {
    const label = { ru: "Средство электронной подписи", en: "Signing tool" };
    const toolProblem = checkText("extensions.subjectSignTool", label, ext.subjectSignTool, SIGN_TOOL_MAX);
    if (toolProblem) return toolProblem;
  }
  const kind = ext.identificationKind;
  if (kind !== undefined && !(Number.isInteger(kind) && kind >= 0 && kind <= 3)) {
    return fail("extensions.identificationKind", "Способ идентификации должен быть от 0 до 3", "Identification kind must be 0 to 3");
  }
  return null;
}

export function checkCsrInput(input: CsrInput): CheckedCsrInput {
  const subject = checkSubject(input.subject);
  if (!subject.ok) return subject;
  const problem = checkPublicKey(input.publicKey) ?? checkExtensions(input.extensions);
  if (problem) return problem;
  return { ok: true, input: { ...input, subject: subject.subject } };
}
