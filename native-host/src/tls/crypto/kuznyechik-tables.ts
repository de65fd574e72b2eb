/**
 * Constants of GOST R 34.12-2015 Kuznyechik (RFC 7801 §2–4) and the tables derived from them
 * once per process. Bytes are in the order the standard prints a block (a15 first).
 */

import { PI as STREEBOG_PI } from "../../../../shared/crypto/streebog-constants.ts";

/**
 * π, the S-box of RFC 7801 §2 (gost-engine's grasshopper_pi): the same permutation as Streebog's
 * π' (RFC 6986 §6.2), so it is taken from there rather than typed twice.
 */
export const PI = Uint8Array.from(STREEBOG_PI);

export const PI_INVERSE = (() => {
  const inverse = new Uint8Array(256);
  for (let i = 0; i < 256; i++) inverse[PI[i]!] = i;
  return inverse;
})();

/** The coefficients of ℓ (RFC 7801 §2): ℓ(a15..a0) = 148·a15 + 32·a14 + … + 1·a0. */
const L_VECTOR = [148, 32, 133, 16, 194, 192, 1, 251, 1, 192, 194, 16, 133, 32, 148, 1];

/** Multiplication in GF(2^8) modulo x^8 + x^7 + x^6 + x + 1. */
export function gfMultiply(a: number, b: number): number {
  let product = 0;
  for (; b !== 0; b >>>= 1) {
    if (b & 1) product ^= a;
    a = a & 0x80 ? ((a << 1) ^ 0x1c3) & 0xff : a << 1;
  }
  return product;
}

/** R (RFC 7801 §3): shifts the block one byte towards a0 and puts ℓ of the old block in front. */
function linearStep(block: Uint8Array): void {
  let l = 0;
  for (let i = 0; i < 16; i++) l ^= gfMultiply(block[i]!, L_VECTOR[i]!);
  block.copyWithin(1, 0, 15);
  block[0] = l;
}

/** R⁻¹: the inverse shift, ℓ recovering the byte that fell off. */
function linearStepInverse(block: Uint8Array): void {
  const first = block[0]!;
  block.copyWithin(0, 1, 16);
  let l = first;
  for (let i = 0; i < 15; i++) l ^= gfMultiply(block[i]!, L_VECTOR[i]!);
  block[15] = l;
}

/** L = R¹⁶, in place. */
export function linear(block: Uint8Array): void {
  for (let i = 0; i < 16; i++) linearStep(block);
}

export function linearInverse(block: Uint8Array): void {
  for (let i = 0; i < 16; i++) linearStepInverse(block);
}

/**
 * LS as lookups, the usual fast form: since L is linear, L(S(x)) is the XOR over positions j
 * of L applied to S(x_j) alone in position j. Entry (256·j + b)·4 + w is word w (big-endian,
 * bytes 4w..4w+3) of that image for byte b at position j: 64 KiB per table, built on first use
 * so that loading the module costs nothing.
 */
export const lsTable = lazyTable((b) => PI[b]!, linear);

/** The same for L⁻¹ after S⁻¹, which decryption needs. */
export const lsInverseTable = lazyTable((b) => PI_INVERSE[b]!, linearInverse);

/** L⁻¹ alone, to move decryption round keys and the ciphertext into the L⁻¹ domain. */
export const lInverseTable = lazyTable((b) => b, linearInverse);

function lazyTable(substitute: (b: number) => number, transform: (block: Uint8Array) => void): () => Int32Array {
  let table: Int32Array | null = null;
  return () => (table ??= buildTable(substitute, transform));
}

function buildTable(substitute: (b: number) => number, transform: (block: Uint8Array) => void): Int32Array {
  // The images of the 128 single-bit blocks; every entry is the XOR of some of them.
  const basis = new Int32Array(128 * 4);
  const block = new Uint8Array(16);
  const view = new DataView(block.buffer);
  for (let bit = 0; bit < 128; bit++) {
    block.fill(0);
    block[bit >>> 3] = 1 << (bit & 7);
    transform(block);
    for (let w = 0; w < 4; w++) basis[4 * bit + w] = view.getInt32(4 * w);
  }
  const table = new Int32Array(16 * 256 * 4);
  for (let j = 0; j < 16; j++) {
    for (let b = 0; b < 256; b++) {
      const s = substitute(b);
      const at = (256 * j + b) * 4;
      for (let k = 0; k < 8; k++) {
        if (((s >>> k) & 1) === 0) continue;
        const from = 4 * (8 * j + k);
        for (let w = 0; w < 4; w++) table[at + w]! ^= basis[from + w]!;
      }
    }
  }
  return table;
}
