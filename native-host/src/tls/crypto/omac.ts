import type { BlockCipher } from "./block-cipher.ts";
import { requireBytes } from "./checks.ts";

/**
 * The MAC of GOST R 34.13-2015 §5.6 (OMAC1/CMAC): CBC over the message, the last block
 * XORed with K1 when whole or, padded with 1 0…0, with K2; K1 and K2 derive from E(0) by
 * doubling in GF(2^n). The full block is returned; TLS uses all of it.
 */
export class Omac {
  private readonly cipher: BlockCipher;
  private readonly n: number;
  private readonly state: Uint8Array;
  private readonly block: Uint8Array;
  private buffered = 0;
  private finished = false;

  constructor(cipher: BlockCipher) {
    this.cipher = cipher;
    this.n = cipher.blockSize;
    this.state = new Uint8Array(this.n);
    this.block = new Uint8Array(this.n);
  }

  update(data: Uint8Array): this {
    requireBytes("OMAC data", data);
    if (this.finished) throw new Error("OMAC: update() after digest()");
    const n = this.n;
    const length = data.length;
    let p = 0;
    // The last block is held back until digest(), which must XOR it with K1 or K2.
    while (p < length) {
      if (this.buffered === n) {
        this.absorb(this.block, 0);
        this.buffered = 0;
      }
      if (this.buffered === 0 && length - p > n) {
        // Every whole block but the last, which digest() may need.
        const blocks = Math.floor((length - p - 1) / n);
        if (this.cipher.bulk) this.cipher.bulk.cbc(this.state, data, p, blocks);
        else for (let b = 0; b < blocks; b++) this.absorb(data, p + b * n);
        p += blocks * n;
      }
      const take = Math.min(n - this.buffered, length - p);
      this.block.set(data.subarray(p, p + take), this.buffered);
      this.buffered += take;
      p += take;
    }
    return this;
  }

  /** The whole-block MAC. An Omac is single-use. */
  digest(): Uint8Array {
    if (this.finished) throw new Error("OMAC: digest() called twice");
    this.finished = true;
    const n = this.n;
    const k1 = double(this.cipher.encryptBlock(new Uint8Array(n)));
    let key = k1;
    if (this.buffered < n) {
      this.block[this.buffered] = 0x80;
      this.block.fill(0, this.buffered + 1);
      key = double(k1);
    }
    for (let i = 0; i < n; i++) this.block[i]! ^= key[i]!;
    this.absorb(this.block, 0);
    return Uint8Array.from(this.state);
  }

  private absorb(data: Uint8Array, at: number): void {
    const s = this.state;
    for (let i = 0; i < this.n; i++) s[i]! ^= data[at + i]!;
    this.cipher.encryptInto(s, 0, s, 0);
  }
}

/** Multiplication by x in GF(2^n): B64 = x^64 + x^4 + x^3 + x + 1, B128 = x^128 + x^7 + x^2 + x + 1. */
function double(block: Uint8Array): Uint8Array {
  const n = block.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = ((block[i]! << 1) | (i + 1 < n ? block[i + 1]! >>> 7 : 0)) & 255;
  if (block[0]! & 0x80) out[n - 1]! ^= n === 16 ? 0x87 : 0x1b;
  return out;
}

export function omac(cipher: BlockCipher, data: Uint8Array): Uint8Array {
  return new Omac(cipher).update(data).digest();
}
