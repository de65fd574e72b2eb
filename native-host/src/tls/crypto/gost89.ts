import { blockCipher64, type BlockCipher } from "./block-cipher.ts";
import { requireLength } from "./checks.ts";
import { decryptionSchedule, encryptionSchedule, feistel, feistelTables } from "./gost89-feistel.ts";
import type { Gost89Sbox } from "./gost89-sboxes.ts";
import { readLE, writeLE } from "./words.ts";

/**
 * GOST 28147-89 (RFC 5830) in the byte order of gost-engine and CryptoPro: the key is eight
 * little-endian 32-bit words K1..K8, a block the little-endian halves n1 ‖ n2.
 */

export function gost89KeyWords(key: Uint8Array): Int32Array {
  requireLength("GOST 28147-89 key", key, 32);
  const words = new Int32Array(8);
  for (let i = 0; i < 8; i++) words[i] = readLE(key, 4 * i);
  return words;
}

export function gost89(key: Uint8Array, sbox: Gost89Sbox): BlockCipher {
  const tables = feistelTables(sbox);
  const words = gost89KeyWords(key);
  const enc = encryptionSchedule(words);
  const dec = decryptionSchedule(words);
  const out = new Int32Array(2);
  const run = (schedule: Int32Array, src: Uint8Array, so: number, dst: Uint8Array, dOff: number): void => {
    feistel(tables, schedule, readLE(src, so), readLE(src, so + 4), out);
    writeLE(dst, dOff, out[0]!);
    writeLE(dst, dOff + 4, out[1]!);
  };
  return blockCipher64("GOST 28147-89", run, enc, dec);
}
