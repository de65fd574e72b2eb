import { requireLength } from "./checks.ts";
import { gost89 } from "./gost89.ts";
import type { Gost89Sbox } from "./gost89-sboxes.ts";

/** The constant C of RFC 4357 §2.3.1. */
const MESHING_CONSTANT = Uint8Array.from([
  0x69, 0x00, 0x72, 0x22, 0x64, 0xc9, 0x04, 0x23, 0x8d, 0x3a, 0xdb, 0x96, 0x46, 0xe9, 0x2a, 0xc4, 0x18, 0xfe, 0xac, 0x94, 0x00, 0xed, 0x07, 0x12, 0xc0, 0x86,
  0xdc, 0xc2, 0xef, 0x4c, 0xa9, 0x2b,
]);

/** How many bytes a GOST 28147-89 key protects before CryptoPro key meshing replaces it. */
export const MESHING_INTERVAL = 1024;

/**
 * CryptoPro key meshing (RFC 4357 §2.3.2): the new key is C decrypted in ECB under the old
 * key, and the new IV (when the mode has one; the MAC has none) is the old one encrypted
 * under the new key.
 */
export function cryptoProKeyMeshing(key: Uint8Array, iv: Uint8Array | null, sbox: Gost89Sbox): { key: Uint8Array; iv: Uint8Array | null } {
  requireLength("key meshing key", key, 32);
  if (iv !== null) requireLength("key meshing IV", iv, 8);
  const old = gost89(key, sbox);
  const next = new Uint8Array(32);
  for (let i = 0; i < 32; i += 8) next.set(old.decryptBlock(MESHING_CONSTANT.subarray(i, i + 8)), i);
  return { key: next, iv: iv === null ? null : gost89(next, sbox).encryptBlock(iv) };
}
