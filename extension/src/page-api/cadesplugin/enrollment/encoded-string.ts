import { fromBase64, toBase64 } from "../../../../../shared/encoding.ts";
import { HRESULT, PageError } from "../../backend.ts";
import { CERTENROLL } from "../constants.ts";
import { base64Lines } from "../content.ts";
import { invalidArg } from "../errors.ts";

/** EncodingType (XCN_CRYPT_STRING_*) conversions of the enrollment objects. */

const X = CERTENROLL;

/** PEM labels CryptBinaryToString writes for the header forms. */
const HEADERS: Readonly<Record<number, string>> = {
  [X.XCN_CRYPT_STRING_BASE64HEADER]: "CERTIFICATE",
  [X.XCN_CRYPT_STRING_BASE64REQUESTHEADER]: "NEW CERTIFICATE REQUEST",
};

export function encodeBytes(der: Uint8Array, encoding: number): string {
  if (encoding === X.XCN_CRYPT_STRING_BASE64) return base64Lines(der);
  if (encoding === X.XCN_CRYPT_STRING_BINARY) return String.fromCharCode(...der);
  const label = HEADERS[encoding];
  if (label === undefined) throw invalidArg(`Неизвестная кодировка ${String(encoding)}`);
  return `-----BEGIN ${label}-----\r\n${base64Lines(der)}-----END ${label}-----\r\n`;
}

/** Base64 with or without PEM armour (every base64 form), or a byte-per-char string (BINARY, ANY). */
export function decodeBytes(text: string, encoding: number): Uint8Array {
  if (typeof text !== "string") throw invalidArg("Ожидалась строка");
  const binary = () => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
  if (encoding === X.XCN_CRYPT_STRING_BINARY) return binary();
  const bare = text.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  try {
    const bytes = fromBase64(bare);
    if (toBase64(bytes).replace(/=+$/, "") === bare.replace(/=+$/, "")) return bytes;
  } catch {
    // not base64: only the ANY form may be raw bytes
  }
  if (encoding === X.XCN_CRYPT_STRING_ANY) return binary();
  throw new PageError(HRESULT.badData, "Данные не в формате base64");
}
