/** The few DER constructions the host's CAdES builder writes (cades-bes.ts says why by hand). */

import { encodeOid } from "../../../shared/der.ts";

export const TAG_SET = 0x31;
const TAG_INTEGER = 0x02;
const TAG_OCTET_STRING = 0x04;
const TAG_SEQUENCE = 0x30;

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

export const sequence = (...items: Uint8Array[]): Uint8Array => tlv(TAG_SEQUENCE, ...items);

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** SET OF: DER orders the elements by their encodings (X.690 §11.6). */
export const setOf = (...items: Uint8Array[]): Uint8Array => tlv(TAG_SET, ...[...items].sort(compareBytes));

const encodedOids = new Map<string, Uint8Array>();

/** The few OIDs a signature names, encoded once: the library's encoder costs more than the rest of this writer. */
export function oid(value: string): Uint8Array {
  let encoded = encodedOids.get(value);
  if (!encoded) encodedOids.set(value, (encoded = encodeOid(value)));
  return encoded;
}

/** INTEGER 0..127 (the versions). */
export const smallInteger = (value: number): Uint8Array => tlv(TAG_INTEGER, Uint8Array.of(value));

export const octetString = (bytes: Uint8Array): Uint8Array => tlv(TAG_OCTET_STRING, bytes);

/** [n] IMPLICIT over a constructed type: the body of `encoded` under a context tag. */
export function implicitConstructed(number: number, encoded: Uint8Array): Uint8Array {
  const headerLength = encoded[1]! < 0x80 ? 2 : 2 + (encoded[1]! & 0x7f);
  return tlv(0xa0 | number, encoded.subarray(headerLength));
}
