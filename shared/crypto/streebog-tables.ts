import { A, C, PI } from "./streebog-constants.ts";

// Word layout shared by all Streebog code: a 512-bit value is an Int32Array of 16 words, word w
// holding bytes 4w..4w+3 of its little-endian encoding (byte 0 is the least significant byte,
// the standard's a_0). So 64-bit word k of the standard is the pair (lo = [2k], hi = [2k + 1]).
// JavaScript has no fast 64-bit integers (BigInt is orders of magnitude slower), hence the pairs.

type Sixteen<T> = readonly [T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T];

/**
 * The combined S, P and L transforms as lookup tables, the technique of the reference C
 * implementation. After S and P, byte j of 64-bit output word i is π(byte i of input word j);
 * L is linear, so output word i = XOR over j of l(π(byte i of word j) << 8j) = XOR of T_j[byte].
 * Order: [T_0 low halves, T_0 high halves, T_1 low, T_1 high, …], 256 entries each, 16 KiB in
 * all; separate arrays, so that the lookup index is the byte itself. Built at load instead of
 * embedded: importing the whole bundled module, build included, measured ~4 ms on Node 20, and
 * the source stays checkable against the standard.
 */
export const LPS_TABLES: Sixteen<Int32Array> = buildLpsTables();

/** C1..C12 in the word layout above, one 16-word array each. */
export const ROUND_CONSTANTS: readonly Int32Array[] = buildRoundConstants();

function buildLpsTables(): Sixteen<Int32Array> {
  const rowLo = A.map((row) => parseInt(row.slice(8), 16) | 0);
  const rowHi = A.map((row) => parseInt(row.slice(0, 8), 16) | 0);
  const tables = Array.from({ length: 16 }, () => new Int32Array(256));
  for (let j = 0; j < 8; j++) {
    for (let b = 0; b < 256; b++) {
      const s = PI[b]!;
      let lo = 0;
      let hi = 0;
      for (let t = 0; t < 8; t++) {
        if ((s >>> t) & 1) {
          // Input bit 8j + t selects row 63 - (8j + t) of A.
          const row = 63 - (8 * j + t);
          lo ^= rowLo[row]!;
          hi ^= rowHi[row]!;
        }
      }
      tables[2 * j]![b] = lo;
      tables[2 * j + 1]![b] = hi;
    }
  }
  return tables as unknown as Sixteen<Int32Array>;
}

function buildRoundConstants(): Int32Array[] {
  return C.map((hex) => {
    // The standard writes the most significant digit first, so word w is the w-th group of
    // eight hex digits counted from the end.
    const words = new Int32Array(16);
    for (let w = 0; w < 16; w++) {
      words[w] = parseInt(hex.slice(hex.length - 8 * (w + 1), hex.length - 8 * w), 16) | 0;
    }
    return words;
  });
}
