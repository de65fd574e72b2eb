/**
 * A small DER writer. The request is built byte by byte rather than through the schema
 * library because the token signs exactly these bytes, and the FNS profile needs string
 * types (NumericString for ИНН, СНИЛС, ...) that X.520 DirectoryString cannot express.
 */

import { encodeOid } from "../../../shared/der.ts";

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  utf8String: 0x0c,
  numericString: 0x12,
  printableString: 0x13,
  ia5String: 0x16,
  sequence: 0x30,
  set: 0x31,
} as const;

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function lengthBytes(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = concat(content);
  return concat([Uint8Array.from([tag, ...lengthBytes(body.length)]), body]);
}

export const sequence = (...items: Uint8Array[]): Uint8Array => tlv(TAG.sequence, ...items);

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** SET OF: DER orders the elements by their encodings (X.690 §11.6). */
export const setOf = (...items: Uint8Array[]): Uint8Array => tlv(TAG.set, ...[...items].sort(compareBytes));

export const oid = (value: string): Uint8Array => encodeOid(value);

export const booleanTrue = (): Uint8Array => tlv(TAG.boolean, Uint8Array.of(0xff));

/** INTEGER from an unsigned big-endian magnitude, in the minimal two's-complement form. */
export function unsignedInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const needsSignByte = trimmed.length === 0 || (trimmed[0]! & 0x80) !== 0;
  return tlv(TAG.integer, needsSignByte ? Uint8Array.of(0) : new Uint8Array(), trimmed);
}

/** INTEGER for a small non-negative number (versions, enumerated-like values). */
export function smallInteger(value: number): Uint8Array {
  const bytes: number[] = [];
  for (let n = value; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return unsignedInteger(Uint8Array.from(bytes));
}

export const bitString = (bytes: Uint8Array, unusedBits = 0): Uint8Array => tlv(TAG.bitString, Uint8Array.of(unusedBits), bytes);

export const octetString = (bytes: Uint8Array): Uint8Array => tlv(TAG.octetString, bytes);

/** A character string; the caller has checked the text fits the type's alphabet. */
export function string(tag: number, text: string): Uint8Array {
  return tlv(tag, new TextEncoder().encode(text));
}

/** [n] IMPLICIT over a constructed type: the body of `encoded` under a context tag. */
export function implicitConstructed(number: number, encoded: Uint8Array): Uint8Array {
  const headerLength = encoded[1]! < 0x80 ? 2 : 2 + (encoded[1]! & 0x7f);
  return tlv(0xa0 | number, encoded.subarray(headerLength));
}
