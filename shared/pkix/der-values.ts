/**
 * Single ASN.1 values encoded by the schema library's own converters, for the open (ANY)
 * slots of the structures: attribute values, extension values, algorithm parameters.
 */
import {
  AsnIntegerConverter,
  AsnNumericStringConverter,
  AsnObjectIdentifierConverter,
  AsnOctetStringConverter,
  AsnUtf8StringConverter,
} from "@peculiar/asn1-schema";

export const oidValue = (oid: string): ArrayBuffer => AsnObjectIdentifierConverter.toASN(oid).toBER();
export const integerValue = (value: number): ArrayBuffer => AsnIntegerConverter.toASN(value).toBER();
export const utf8Value = (text: string): ArrayBuffer => AsnUtf8StringConverter.toASN(text).toBER();
export const numericValue = (text: string): ArrayBuffer => AsnNumericStringConverter.toASN(text).toBER();
export const octetStringValue = (bytes: Uint8Array): ArrayBuffer => AsnOctetStringConverter.toASN(new Uint8Array(bytes).buffer).toBER();
