import type { BlockCipher } from "./block-cipher.ts";
import { requireLength, requireRange } from "./checks.ts";
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
  return {
    blockSize: 8,
    encryptBlock(src) {
      requireLength("GOST 28147-89 block", src, 8);
      const dst = new Uint8Array(8);
      run(enc, src, 0, dst, 0);
      return dst;
    },
    decryptBlock(src) {
      requireLength("GOST 28147-89 block", src, 8);
      const dst = new Uint8Array(8);
      run(dec, src, 0, dst, 0);
      return dst;
    },
    encryptInto(src, srcOffset, dst, dstOffset) {
      requireRange("GOST 28147-89 source block", src, srcOffset, 8);
      requireRange("GOST 28147-89 destination block", dst, dstOffset, 8);
      run(enc, src, srcOffset, dst, dstOffset);
    },
  };
}
