import type { BlockCipher, BulkBlockOperations } from "./block-cipher.ts";
import { requireLength, requireRange } from "./checks.ts";
import { kuznyechikBulk } from "./kuznyechik-wasm.ts";
import { linear, lInverseTable, lsInverseTable, lsTable, PI_INVERSE } from "./kuznyechik-tables.ts";
import { readBE, writeBE } from "./words.ts";

/**
 * GOST R 34.12-2015 Kuznyechik (RFC 7801) on four big-endian 32-bit words per block, with key,
 * blocks and the standard's examples in printed byte order, as OpenSSL's GOST engine takes them.
 * Each round is 16 lookups into the 64 KiB LS table, indexed by secret bytes: JavaScript cannot
 * make that constant-time (see the README's security section). The CTR and OMAC loops over
 * whole blocks run the same tables in WebAssembly (kuznyechik-wasm.ts).
 */

/** out ← XOR over the 16 bytes of (x0..x3) of their table images: one LS (or L⁻¹S⁻¹, L⁻¹) layer. */
function applyTable(t: Int32Array, x0: number, x1: number, x2: number, x3: number, out: Int32Array): void {
  const i0 = (x0 >>> 24) << 2;
  const i1 = (256 + ((x0 >>> 16) & 255)) << 2;
  const i2 = (512 + ((x0 >>> 8) & 255)) << 2;
  const i3 = (768 + (x0 & 255)) << 2;
  const i4 = (1024 + (x1 >>> 24)) << 2;
  const i5 = (1280 + ((x1 >>> 16) & 255)) << 2;
  const i6 = (1536 + ((x1 >>> 8) & 255)) << 2;
  const i7 = (1792 + (x1 & 255)) << 2;
  const i8 = (2048 + (x2 >>> 24)) << 2;
  const i9 = (2304 + ((x2 >>> 16) & 255)) << 2;
  const i10 = (2560 + ((x2 >>> 8) & 255)) << 2;
  const i11 = (2816 + (x2 & 255)) << 2;
  const i12 = (3072 + (x3 >>> 24)) << 2;
  const i13 = (3328 + ((x3 >>> 16) & 255)) << 2;
  const i14 = (3584 + ((x3 >>> 8) & 255)) << 2;
  const i15 = (3840 + (x3 & 255)) << 2;
  out[0] = t[i0]! ^ t[i1]! ^ t[i2]! ^ t[i3]! ^ t[i4]! ^ t[i5]! ^ t[i6]! ^ t[i7]! ^ t[i8]! ^ t[i9]! ^ t[i10]! ^ t[i11]! ^ t[i12]! ^ t[i13]! ^ t[i14]! ^ t[i15]!;
  out[1] =
    t[i0 + 1]! ^
    t[i1 + 1]! ^
    t[i2 + 1]! ^
    t[i3 + 1]! ^
    t[i4 + 1]! ^
    t[i5 + 1]! ^
    t[i6 + 1]! ^
    t[i7 + 1]! ^
    t[i8 + 1]! ^
    t[i9 + 1]! ^
    t[i10 + 1]! ^
    t[i11 + 1]! ^
    t[i12 + 1]! ^
    t[i13 + 1]! ^
    t[i14 + 1]! ^
    t[i15 + 1]!;
  out[2] =
    t[i0 + 2]! ^
    t[i1 + 2]! ^
    t[i2 + 2]! ^
    t[i3 + 2]! ^
    t[i4 + 2]! ^
    t[i5 + 2]! ^
    t[i6 + 2]! ^
    t[i7 + 2]! ^
    t[i8 + 2]! ^
    t[i9 + 2]! ^
    t[i10 + 2]! ^
    t[i11 + 2]! ^
    t[i12 + 2]! ^
    t[i13 + 2]! ^
    t[i14 + 2]! ^
    t[i15 + 2]!;
  out[3] =
    t[i0 + 3]! ^
    t[i1 + 3]! ^
    t[i2 + 3]! ^
    t[i3 + 3]! ^
    t[i4 + 3]! ^
    t[i5 + 3]! ^
    t[i6 + 3]! ^
    t[i7 + 3]! ^
    t[i8 + 3]! ^
    t[i9 + 3]! ^
    t[i10 + 3]! ^
    t[i11 + 3]! ^
    t[i12 + 3]! ^
    t[i13 + 3]! ^
    t[i14 + 3]! ^
    t[i15 + 3]!;
}

/** C_i = L(i) for i = 1..32 as words, the key schedule's constants (RFC 7801 §4.3). */
let roundConstants: Int32Array | null = null;

function constants(): Int32Array {
  if (roundConstants) return roundConstants;
  const c = new Int32Array(128);
  const block = new Uint8Array(16);
  for (let i = 1; i <= 32; i++) {
    block.fill(0);
    block[15] = i;
    linear(block);
    for (let w = 0; w < 4; w++) c[4 * (i - 1) + w] = readBE(block, 4 * w);
  }
  return (roundConstants = c);
}

/**
 * The ten round keys K1..K10 as words (RFC 7801 §4.3): the Feistel schedule F[C_i]. Where
 * WebAssembly runs, the module's schedule is used instead (ten times faster, and TLS expands
 * several keys per record); this one is the fallback and the module's judge in the tests.
 */
export function roundKeys(key: Uint8Array): Int32Array {
  const keys = new Int32Array(40);
  for (let w = 0; w < 8; w++) keys[w] = readBE(key, 4 * w);
  const t = lsTable();
  const c = constants();
  const f = new Int32Array(4);
  const a1 = keys.slice(0, 4);
  const a0 = keys.slice(4, 8);
  for (let i = 0; i < 32; i++) {
    applyTable(t, a1[0]! ^ c[4 * i]!, a1[1]! ^ c[4 * i + 1]!, a1[2]! ^ c[4 * i + 2]!, a1[3]! ^ c[4 * i + 3]!, f);
    for (let w = 0; w < 4; w++) {
      const next = f[w]! ^ a0[w]!;
      a0[w] = a1[w]!;
      a1[w] = next;
    }
    if ((i + 1) % 8 === 0) {
      keys.set(a1, i + 1);
      keys.set(a0, i + 5);
    }
  }
  return keys;
}

export function kuznyechik(key: Uint8Array): BlockCipher {
  requireLength("Kuznyechik key", key, 32);
  const wasm = kuznyechikBulk();
  const k = wasm ? wasm.expandKey(key) : roundKeys(key);
  const ls = lsTable();
  const s = new Int32Array(4);

  // The rounds are written out rather than calling applyTable: V8 then keeps the state in
  // registers, which more than doubles the speed of the bulk modes.
  const encrypt = (src: Uint8Array, so: number, dst: Uint8Array, dOff: number): void => {
    const t = ls;
    let x0 = readBE(src, so) ^ k[0]!;
    let x1 = readBE(src, so + 4) ^ k[1]!;
    let x2 = readBE(src, so + 8) ^ k[2]!;
    let x3 = readBE(src, so + 12) ^ k[3]!;
    for (let r = 4; r < 40; r += 4) {
      const i0 = (x0 >>> 24) << 2;
      const i1 = (256 + ((x0 >>> 16) & 255)) << 2;
      const i2 = (512 + ((x0 >>> 8) & 255)) << 2;
      const i3 = (768 + (x0 & 255)) << 2;
      const i4 = (1024 + (x1 >>> 24)) << 2;
      const i5 = (1280 + ((x1 >>> 16) & 255)) << 2;
      const i6 = (1536 + ((x1 >>> 8) & 255)) << 2;
      const i7 = (1792 + (x1 & 255)) << 2;
      const i8 = (2048 + (x2 >>> 24)) << 2;
      const i9 = (2304 + ((x2 >>> 16) & 255)) << 2;
      const i10 = (2560 + ((x2 >>> 8) & 255)) << 2;
      const i11 = (2816 + (x2 & 255)) << 2;
      const i12 = (3072 + (x3 >>> 24)) << 2;
      const i13 = (3328 + ((x3 >>> 16) & 255)) << 2;
      const i14 = (3584 + ((x3 >>> 8) & 255)) << 2;
      const i15 = (3840 + (x3 & 255)) << 2;
      const y0 =
        t[i0]! ^ t[i1]! ^ t[i2]! ^ t[i3]! ^ t[i4]! ^ t[i5]! ^ t[i6]! ^ t[i7]! ^ t[i8]! ^ t[i9]! ^ t[i10]! ^ t[i11]! ^ t[i12]! ^ t[i13]! ^ t[i14]! ^ t[i15]!;
      const y1 =
        t[i0 + 1]! ^
        t[i1 + 1]! ^
        t[i2 + 1]! ^
        t[i3 + 1]! ^
        t[i4 + 1]! ^
        t[i5 + 1]! ^
        t[i6 + 1]! ^
        t[i7 + 1]! ^
        t[i8 + 1]! ^
        t[i9 + 1]! ^
        t[i10 + 1]! ^
        t[i11 + 1]! ^
        t[i12 + 1]! ^
        t[i13 + 1]! ^
        t[i14 + 1]! ^
        t[i15 + 1]!;
      const y2 =
        t[i0 + 2]! ^
        t[i1 + 2]! ^
        t[i2 + 2]! ^
        t[i3 + 2]! ^
        t[i4 + 2]! ^
        t[i5 + 2]! ^
        t[i6 + 2]! ^
        t[i7 + 2]! ^
        t[i8 + 2]! ^
        t[i9 + 2]! ^
        t[i10 + 2]! ^
        t[i11 + 2]! ^
        t[i12 + 2]! ^
        t[i13 + 2]! ^
        t[i14 + 2]! ^
        t[i15 + 2]!;
      const y3 =
        t[i0 + 3]! ^
        t[i1 + 3]! ^
        t[i2 + 3]! ^
        t[i3 + 3]! ^
        t[i4 + 3]! ^
        t[i5 + 3]! ^
        t[i6 + 3]! ^
        t[i7 + 3]! ^
        t[i8 + 3]! ^
        t[i9 + 3]! ^
        t[i10 + 3]! ^
        t[i11 + 3]! ^
        t[i12 + 3]! ^
        t[i13 + 3]! ^
        t[i14 + 3]! ^
        t[i15 + 3]!;
      x0 = y0 ^ k[r]!;
      x1 = y1 ^ k[r + 1]!;
      x2 = y2 ^ k[r + 2]!;
      x3 = y3 ^ k[r + 3]!;
    }
    writeBE(dst, dOff, x0);
    writeBE(dst, dOff + 4, x1);
    writeBE(dst, dOff + 8, x2);
    writeBE(dst, dOff + 12, x3);
  };

  // Decryption runs in the L⁻¹ domain, so its middle rounds are single lookups too: it needs
  // L⁻¹(K2..K9) and the L⁻¹S⁻¹ table. Both wait for the first decryption, which TLS never
  // makes (its modes only encrypt), so a record's key schedule costs only the encryption keys.
  let inverseKeys: Int32Array | null = null;
  const decryptionKeys = (): Int32Array => {
    if (inverseKeys) return inverseKeys;
    const keys = new Int32Array(40);
    const w = new Int32Array(4);
    for (let r = 1; r < 9; r++) {
      applyTable(lInverseTable(), k[4 * r]!, k[4 * r + 1]!, k[4 * r + 2]!, k[4 * r + 3]!, w);
      keys.set(w, 4 * r);
    }
    return (inverseKeys = keys);
  };

  const decrypt = (src: Uint8Array): Uint8Array => {
    const lsInverse = lsInverseTable();
    const lInverse = lInverseTable();
    const keys = decryptionKeys();
    applyTable(lInverse, readBE(src, 0) ^ k[36]!, readBE(src, 4) ^ k[37]!, readBE(src, 8) ^ k[38]!, readBE(src, 12) ^ k[39]!, s);
    for (let r = 32; r >= 4; r -= 4) {
      applyTable(lsInverse, s[0]!, s[1]!, s[2]!, s[3]!, s);
      for (let w = 0; w < 4; w++) s[w]! ^= keys[r + w]!;
    }
    const out = new Uint8Array(16);
    for (let w = 0; w < 4; w++) writeBE(out, 4 * w, s[w]!);
    for (let i = 0; i < 16; i++) out[i] = PI_INVERSE[out[i]!]! ^ key0Byte(k, i);
    return out;
  };

  const bulk: BulkBlockOperations | null = wasm && {
    ctr: (counter, src, sOff, dst, dOff, blocks) => wasm.ctr(k, counter, src, sOff, dst, dOff, blocks),
    cbc: (state, src, sOff, blocks) => wasm.cbc(k, state, src, sOff, blocks),
  };

  return {
    ...(bulk ? { bulk } : {}),
    blockSize: 16,
    encryptBlock(src) {
      requireLength("Kuznyechik block", src, 16);
      const dst = new Uint8Array(16);
      encrypt(src, 0, dst, 0);
      return dst;
    },
    decryptBlock(src) {
      requireLength("Kuznyechik block", src, 16);
      return decrypt(src);
    },
    encryptInto(src, srcOffset, dst, dstOffset) {
      requireRange("Kuznyechik source block", src, srcOffset, 16);
      requireRange("Kuznyechik destination block", dst, dstOffset, 16);
      encrypt(src, srcOffset, dst, dstOffset);
    },
  };
}

/** Byte i of K1. */
function key0Byte(k: Int32Array, i: number): number {
  return (k[i >>> 2]! >>> (24 - 8 * (i & 3))) & 255;
}
