/** The subject Name of the request, in the FNS attribute order and string types. */

import type { NameField } from "../../../shared/x509/types.ts";
import { ATTRIBUTE_TYPES } from "../../../shared/x509/oids.ts";
import { oid, sequence, setOf, string, TAG } from "./der-writer.ts";

export interface SubjectFields {
  commonName: string;
  surname?: string | undefined;
  /** Given name and patronymic, which the FNS profile puts together in G. */
  givenName?: string | undefined;
  title?: string | undefined;
  organization?: string | undefined;
  organizationalUnit?: string | undefined;
  /** Two letters; "RU" when absent. */
  country?: string | undefined;
  state?: string | undefined;
  locality?: string | undefined;
  street?: string | undefined;
  email?: string | undefined;
  /** A person's 12-digit INN. */
  inn?: string | undefined;
  /** A legal entity's 10-digit INN (ИНН ЮЛ). */
  innle?: string | undefined;
  ogrn?: string | undefined;
  ogrnip?: string | undefined;
  /** 11 digits; "112-233-445 95" is accepted and normalised. */
  snils?: string | undefined;
}

export type SubjectField = keyof SubjectFields & NameField;

/**
 * Encoding order (first RDN first), one attribute per RDN. It follows FNS-issued
 * certificates as CryptoPro's certmgr lists them, which is encoding order: "ОГРНИП, СНИЛС,
 * ИНН, E, C, CN, G, SN" for a sole proprietor, and the legal-entity order "ИНН ЮЛ, СНИЛС,
 * ОГРН, ИНН, E, C, S, L, STREET, O, CN, T, G, SN" (the reverse of what the CAdES plugin's
 * SubjectName prints). OU has no FNS sample and sits under O.
 * String types: RFC 9215 makes the identifiers NumericString, C is PrintableString (RFC
 * 5280), E is IA5String (PKCS#9), everything else UTF8String.
 */
const SUBJECT_LAYOUT: readonly { field: SubjectField; tag: number }[] = [
  { field: "innle", tag: TAG.numericString },
  { field: "ogrnip", tag: TAG.numericString },
  { field: "snils", tag: TAG.numericString },
  { field: "ogrn", tag: TAG.numericString },
  { field: "inn", tag: TAG.numericString },
  { field: "email", tag: TAG.ia5String },
  { field: "country", tag: TAG.printableString },
  { field: "state", tag: TAG.utf8String },
  { field: "locality", tag: TAG.utf8String },
  { field: "street", tag: TAG.utf8String },
  { field: "organization", tag: TAG.utf8String },
  { field: "organizationalUnit", tag: TAG.utf8String },
  { field: "commonName", tag: TAG.utf8String },
  { field: "title", tag: TAG.utf8String },
  { field: "givenName", tag: TAG.utf8String },
  { field: "surname", tag: TAG.utf8String },
];

const OID_OF_FIELD = new Map(Object.entries(ATTRIBUTE_TYPES).flatMap(([type, { field }]) => (field ? [[field, type] as const] : [])));

function attributeOid(field: SubjectField): string {
  const type = OID_OF_FIELD.get(field);
  if (!type) throw new Error(`no attribute type for ${field} in the OID table`);
  return type;
}

/** DER Name; `fields` must already be validated and normalised (see validate.ts). */
export function encodeSubject(fields: SubjectFields): Uint8Array {
  const rdns = SUBJECT_LAYOUT.flatMap(({ field, tag }) => {
    const value = fields[field];
    return value === undefined ? [] : [setOf(sequence(oid(attributeOid(field)), string(tag, value)))];
  });
  return sequence(...rdns);
}
