import type { AttributeValue, Name } from "@peculiar/asn1-x509";
import { ATTRIBUTE_TYPES } from "../x509/oids.ts";
import { decodeDerString } from "./strings.ts";
import type { NameInfo } from "../x509/types.ts";

function valueText(value: AttributeValue): string {
  // Checked one by one rather than with toString(), which skips empty strings and prints
  // NumericString (ИНН, СНИЛС, ...) as hex.
  if (value.utf8String !== undefined) return value.utf8String;
  if (value.bmpString !== undefined) return value.bmpString;
  if (value.printableString !== undefined) return value.printableString;
  if (value.ia5String !== undefined) return value.ia5String;
  if (value.universalString !== undefined) return value.universalString;
  if (value.teletexString !== undefined) return value.teletexString;
  if (value.anyValue !== undefined) return decodeDerString(new Uint8Array(value.anyValue));
  return "";
}

/**
 * Named fields take the first occurrence of their attribute type; `attributes` keeps all
 * of them (a certificate may carry, for example, two OU values).
 */
export function parseName(name: Name): NameInfo {
  const info: NameInfo = { attributes: [] };
  for (const rdn of name) {
    for (const { type, value } of rdn) {
      const known = ATTRIBUTE_TYPES[type];
      const text = valueText(value);
      info.attributes.push({ oid: type, name: known?.name ?? type, value: text });
      if (known?.field && info[known.field] === undefined) info[known.field] = text;
    }
  }
  return info;
}
