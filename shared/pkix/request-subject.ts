/** The subject Name of a request, in the FNS attribute order and string types. */

import { AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName } from "@peculiar/asn1-x509";
import type { NameField } from "../x509/types.ts";
import { ATTRIBUTE_TYPES } from "../x509/oids.ts";
import { numericValue } from "./der-values.ts";

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

type StringType = "numeric" | "printable" | "ia5" | "utf8";

function attributeValue(type: StringType, text: string): AttributeValue {
  switch (type) {
    case "numeric":
      // X.520's DirectoryString has no NumericString, which RFC 9215 gives the identifiers: the open choice carries it.
      return new AttributeValue({ anyValue: numericValue(text) });
    case "printable":
      return new AttributeValue({ printableString: text });
    case "ia5":
      return new AttributeValue({ ia5String: text });
    case "utf8":
      return new AttributeValue({ utf8String: text });
  }
}

/**
 * Encoding order (first RDN first), one attribute per RDN. It follows FNS-issued
 * certificates as CryptoPro's certmgr lists them, which is encoding order: "ОГРНИП, СНИЛС,
 * ИНН, E, C, CN, G, SN" for a sole proprietor, and the legal-entity order "ИНН ЮЛ, СНИЛС,
 * ОГРН, ИНН, E, C, S, L, STREET, O, CN, T, G, SN" (the reverse of what the CAdES plugin's
 * SubjectName prints). OU has no FNS sample and sits under O.
 * String types: RFC 9215 makes the identifiers NumericString, C is PrintableString (RFC
 * 5280), E is IA5String (PKCS#9), everything else UTF8String.
 */
const SUBJECT_LAYOUT: readonly { field: SubjectField; type: StringType }[] = [
  { field: "innle", type: "numeric" },
  { field: "ogrnip", type: "numeric" },
  { field: "snils", type: "numeric" },
  { field: "ogrn", type: "numeric" },
  { field: "inn", type: "numeric" },
  { field: "email", type: "ia5" },
  { field: "country", type: "printable" },
  { field: "state", type: "utf8" },
  { field: "locality", type: "utf8" },
  { field: "street", type: "utf8" },
  { field: "organization", type: "utf8" },
  { field: "organizationalUnit", type: "utf8" },
  { field: "commonName", type: "utf8" },
  { field: "title", type: "utf8" },
  { field: "givenName", type: "utf8" },
  { field: "surname", type: "utf8" },
];

const OID_OF_FIELD = new Map(Object.entries(ATTRIBUTE_TYPES).flatMap(([type, { field }]) => (field ? [[field, type] as const] : [])));

function attributeOid(field: SubjectField): string {
  const type = OID_OF_FIELD.get(field);
  if (!type) throw new Error(`no attribute type for ${field} in the OID table`);
  return type;
}

/** The Name; `fields` must already be validated and normalised (the host's validate.ts). */
export function requestSubject(fields: SubjectFields): Name {
  const rdns = SUBJECT_LAYOUT.flatMap(({ field, type }) => {
    const text = fields[field];
    if (text === undefined) return [];
    return [new RelativeDistinguishedName([new AttributeTypeAndValue({ type: attributeOid(field), value: attributeValue(type, text) })])];
  });
  return new Name(rdns);
}
