import { compress } from "./streebog-compress.ts";

// GOST R 34.11-2012 "Streebog" (RFC 6986), pure TypeScript for both the Node host and the
// extension. Byte order: the input is hashed as the byte sequence it is, and the digest is
// returned as the bytes `openssl dgst -md_gost12_256 -binary` writes, which is what PKCS#11
// tokens (CKM_GOSTR3411_12_*) return and what CMS/ESS carry. The standard prints messages and
// hashes as numbers, most significant byte first: its test vectors are these bytes reversed.

const BLOCK = 64;
const ZERO = new Int32Array(16);

/**
 * A faster engine for runs of whole blocks (streebog-wasm.ts): h ← g_N(h, m), N ← N + 512 and
 * Σ ← Σ + m for each 64-byte block of data[from, to), on the state in the word layout of
 * streebog-tables.ts.
 */
export interface BlockAbsorber {
  absorb(h: Int32Array, n: Int32Array, sigma: Int32Array, data: Uint8Array, from: number, to: number): void;
}

export class Streebog {
  readonly bits: 256 | 512;
  /** Chaining value h, number of bits hashed N and the block sum Σ (RFC 6986 § 8). */
  private readonly h = new Int32Array(16);
  private readonly n = new Int32Array(16);
  private readonly sigma = new Int32Array(16);
  /** The current block as words, and how many of its bytes have arrived. */
  private readonly block = new Int32Array(16);
  private buffered = 0;
  private finished = false;

  private readonly blocks: BlockAbsorber | null;

  /** Without `blocks`, everything runs in the TypeScript compression function. */
  constructor(bits: 256 | 512, blocks: BlockAbsorber | null = null) {
    if (bits !== 256 && bits !== 512) throw new RangeError(`Streebog: unsupported size ${String(bits)}`);
    this.bits = bits;
    this.blocks = blocks;
    // IV: 0^512 for the 512-bit hash, (00000001)^64 for the 256-bit one.
    if (bits === 256) this.h.fill(0x01010101);
  }

  /** Absorbs data; chunks may have any length and split blocks anywhere. */
  update(data: Uint8Array): this {
    if (this.finished) throw new Error("Streebog: update() after digest()");
    const length = data.length;
    let p = 0;
    // Complete a block left partial by the previous call, byte by byte.
    while (this.buffered !== 0 && p < length) {
      this.putByte(this.buffered++, data[p++]!);
      if (this.buffered === BLOCK) {
        this.absorbBlock(BLOCK);
        this.buffered = 0;
      }
    }
    const whole = length - ((length - p) % BLOCK);
    if (whole > p) this.absorbWhole(data, p, whole);
    p = whole;
    if (p < length) this.block.fill(0);
    while (p < length) this.putByte(this.buffered++, data[p++]!);
    return this;
  }

  /**
   * Finishes the hash and returns the digest (32 or 64 bytes, OpenSSL byte order). A Streebog
   * object is single-use: a second digest() or a later update() throws.
   */
  digest(): Uint8Array {
    if (this.finished) throw new Error("Streebog: digest() called twice");
    this.finished = true;
    // Pad the remainder M as 0^(511-|M|) ‖ 1 ‖ M, i.e. byte 0x01 right after the message bytes.
    if (this.buffered === 0) this.block.fill(0);
    this.putByte(this.buffered, 0x01);
    this.absorbBlock(this.buffered);
    compress(this.h, ZERO, this.n);
    compress(this.h, ZERO, this.sigma);
    // The 256-bit hash is the most significant half of h, i.e. bytes 32..63.
    const first = this.bits === 256 ? 8 : 0;
    const out = new Uint8Array(this.bits / 8);
    for (let w = first, q = 0; w < 16; w++, q += 4) {
      const v = this.h[w]!;
      out[q] = v;
      out[q + 1] = v >>> 8;
      out[q + 2] = v >>> 16;
      out[q + 3] = v >>> 24;
    }
    return out;
  }

  /**
   * Compresses whole blocks straight from the input. A full block can be compressed at once
   * because the final stage always pads a (possibly empty) last block of its own. Kept apart
   * from update() so that V8 optimises this loop on its own: inside update() the tail code,
   * reached once per call, deoptimised the whole function on every large chunk.
   */
  private absorbWhole(data: Uint8Array, from: number, to: number): void {
    if (this.blocks) return this.blocks.absorb(this.h, this.n, this.sigma, data, from, to);
    const block = this.block;
    for (let p = from; p < to; p += BLOCK) {
      for (let w = 0, q = p; w < 16; w++, q += 4) {
        block[w] = data[q]! | (data[q + 1]! << 8) | (data[q + 2]! << 16) | (data[q + 3]! << 24);
      }
      this.absorbBlock(BLOCK);
    }
  }

  private putByte(index: number, byte: number): void {
    const w = index >> 2;
    this.block[w] = this.block[w]! | (byte << ((index & 3) << 3));
  }

  /** h ← g_N(h, block); N ← N + 8·messageBytes; Σ ← Σ + block (all mod 2^512). */
  private absorbBlock(messageBytes: number): void {
    compress(this.h, this.n, this.block);
    addWords(this.n, ZERO, messageBytes * 8);
    addWords(this.sigma, this.block, 0);
  }
}

/** target ← target + addend + small, as 512-bit unsigned numbers, mod 2^512. */
function addWords(target: Int32Array, addend: Int32Array, small: number): void {
  let carry = small;
  for (let w = 0; w < 16; w++) {
    const sum = (target[w]! >>> 0) + (addend[w]! >>> 0) + carry;
    target[w] = sum;
    carry = sum > 0xffffffff ? 1 : 0;
  }
}

export function streebog256(data: Uint8Array): Uint8Array {
  return new Streebog(256).update(data).digest();
}

export function streebog512(data: Uint8Array): Uint8Array {
  return new Streebog(512).update(data).digest();
}
