import { fromBase64, toBase64 } from "../../../../shared/encoding.ts";
import { HRESULT, PageError } from "../backend.ts";
import { CADES_CONSTANTS } from "./constants.ts";
import { invalidArg } from "./errors.ts";

/**
 * Content and DataEncoding as CAdESCOM defines them: CADESCOM_STRING_TO_UCS2LE (0, the
 * default) signs or hashes the string's UTF-16LE code units, so "abc" is 61 00 62 00
 * 63 00 and a verifier must use the same bytes; CADESCOM_BASE64_TO_BINARY (1) signs the
 * bytes the base64 encodes.
 */
export function contentBytes(content: string, encoding: number): Uint8Array {
  if (typeof content !== "string") throw invalidArg("Данные должны быть строкой");
  if (encoding === CADES_CONSTANTS.CADESCOM_BASE64_TO_BINARY) {
    try {
      return fromBase64(content.replace(/\s+/g, ""));
    } catch {
      throw new PageError(HRESULT.badData, "Данные не в формате base64");
    }
  }
  if (encoding === CADES_CONSTANTS.CADESCOM_STRING_TO_UCS2LE) {
    const out = new Uint8Array(content.length * 2);
    for (let i = 0; i < content.length; i++) {
      const unit = content.charCodeAt(i);
      out[i * 2] = unit & 0xff;
      out[i * 2 + 1] = unit >> 8;
    }
    return out;
  }
  throw invalidArg(`Неизвестная кодировка данных ${String(encoding)}`);
}

/** The inverse, for Content read back after VerifyCades. */
export function contentString(bytes: Uint8Array, encoding: number): string {
  if (encoding === CADES_CONSTANTS.CADESCOM_BASE64_TO_BINARY) return toBase64(bytes);
  let out = "";
  for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8));
  return out;
}

/**
 * Base64 as CryptoPro returns signatures (CryptBinaryToString, CRYPT_STRING_BASE64):
 * 64-character lines, each ended by CRLF. atob() and the plug-in accept it back.
 */
export function base64Lines(bytes: Uint8Array): string {
  const text = toBase64(bytes);
  let out = "";
  for (let i = 0; i < text.length; i += 64) out += `${text.slice(i, i + 64)}\r\n`;
  return out;
}
