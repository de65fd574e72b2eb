/**
 * Decoding of DER character strings that the ASN.1 schema library leaves as raw bytes:
 * the FNS identifiers (ИНН, ОГРН, СНИЛС, ...) are NumericString, which is not part of
 * X.520 DirectoryString, and extension values such as subjectSignTool are raw DER.
 * (TeletexString and UniversalString are DirectoryString choices the library decodes.)
 */

import { toHex } from "../encoding.ts";
import { readTlv } from "./tlv.ts";

const TAG_UTF8 = 0x0c;
const TAG_NUMERIC = 0x12;
const TAG_PRINTABLE = 0x13;
const TAG_IA5 = 0x16;
const TAG_VISIBLE = 0x1a;
const TAG_BMP = 0x1e;

/** Text of one DER-encoded string value; "#" + hex (the RFC 4514 form) for any other type. */
export function decodeDerString(der: Uint8Array): string {
  const tlv = readTlv(der);
  if (!tlv || tlv.end !== der.length) return `#${toHex(der)}`;
  switch (tlv.tag) {
    case TAG_UTF8:
      return new TextDecoder("utf-8").decode(tlv.body);
    case TAG_BMP:
      return new TextDecoder("utf-16be").decode(tlv.body);
    case TAG_NUMERIC:
    case TAG_PRINTABLE:
    case TAG_IA5:
    case TAG_VISIBLE:
      return new TextDecoder("latin1").decode(tlv.body);
    default:
      return `#${toHex(der)}`;
  }
}
