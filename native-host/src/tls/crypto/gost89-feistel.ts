import type { Gost89Sbox } from "./gost89-sboxes.ts";

/**
 * The 32-round Feistel network shared by GOST 28147-89 and Magma, on 32-bit words. The S-box
 * layer and the 11-bit rotation are merged into four 256-entry tables, one per input byte, so
 * a round is four lookups; they are built once per S-box. The lookups are indexed by secret
 * data, which JavaScript cannot make constant-time (see the README's security section).
 */

const tableCache = new WeakMap<Gost89Sbox, Int32Array>();

function rotl11(x: number): number {
  return (x << 11) | (x >>> 21);
}

/** tables[256·j + b]: byte b in byte position j (0 = least significant) through its two S-boxes, rotated. */
export function feistelTables(sbox: Gost89Sbox): Int32Array {
  const cached = tableCache.get(sbox);
  if (cached) return cached;
  if (sbox.rows.length !== 8 || sbox.rows.some((row) => row.length !== 16)) {
    throw new RangeError(`GOST 28147-89 S-box ${sbox.name} must have 8 rows of 16 nibbles`);
  }
  const tables = new Int32Array(1024);
  for (let j = 0; j < 4; j++) {
    // Byte j holds nibbles 2j (low, row K(2j+1)) and 2j+1 (high, row K(2j+2)); rows[0] is K8.
    const low = sbox.rows[7 - 2 * j]!;
    const high = sbox.rows[6 - 2 * j]!;
    for (let b = 0; b < 256; b++) {
      const substituted = ((high[b >>> 4]! << 4) | low[b & 15]!) << (8 * j);
      tables[256 * j + b] = rotl11(substituted);
    }
  }
  tableCache.set(sbox, tables);
  return tables;
}

/** Round keys in encryption order: K1..K8 three times, then K8..K1. */
export function encryptionSchedule(keyWords: Int32Array): Int32Array {
  const schedule = new Int32Array(32);
  for (let i = 0; i < 24; i++) schedule[i] = keyWords[i & 7]!;
  for (let i = 0; i < 8; i++) schedule[24 + i] = keyWords[7 - i]!;
  return schedule;
}

/** Decryption runs the same network with the key order reversed. */
export function decryptionSchedule(keyWords: Int32Array): Int32Array {
  return encryptionSchedule(keyWords).reverse();
}

/**
 * Runs the network on (n1, n2) as gost-engine names the halves (n1 the half the first round
 * function takes). Instead of swapping halves each round the names alternate, so the result
 * is the final (n2, n1), written to out in that order, the order both ciphers emit it.
 */
export function feistel(t: Int32Array, k: Int32Array, n1: number, n2: number, out: Int32Array): void {
  for (let i = 0; i < 32; i += 2) {
    let x = (n1 + k[i]!) | 0;
    n2 ^= t[x & 255]! ^ t[256 + ((x >>> 8) & 255)]! ^ t[512 + ((x >>> 16) & 255)]! ^ t[768 + (x >>> 24)]!;
    x = (n2 + k[i + 1]!) | 0;
    n1 ^= t[x & 255]! ^ t[256 + ((x >>> 8) & 255)]! ^ t[512 + ((x >>> 16) & 255)]! ^ t[768 + (x >>> 24)]!;
  }
  out[0] = n2;
  out[1] = n1;
}

/**
 * The 16-round network of the GOST 28147-89 MAC (K1..K8 twice), on (n1, n2) as gost-engine's
 * mac_block names them; unlike the cipher it writes (n1, n2) back without the final swap.
 */
export function feistel16(t: Int32Array, keyWords: Int32Array, n1: number, n2: number, out: Int32Array): void {
  for (let i = 0; i < 16; i += 2) {
    let x = (n1 + keyWords[i & 7]!) | 0;
    n2 ^= t[x & 255]! ^ t[256 + ((x >>> 8) & 255)]! ^ t[512 + ((x >>> 16) & 255)]! ^ t[768 + (x >>> 24)]!;
    x = (n2 + keyWords[(i + 1) & 7]!) | 0;
    n1 ^= t[x & 255]! ^ t[256 + ((x >>> 8) & 255)]! ^ t[512 + ((x >>> 16) & 255)]! ^ t[768 + (x >>> 24)]!;
  }
  out[0] = n1;
  out[1] = n2;
}
