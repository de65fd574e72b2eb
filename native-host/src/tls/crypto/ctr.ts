import type { BlockCipher } from "./block-cipher.ts";
import { requireBytes, requireLength } from "./checks.ts";

/** Replaces the cipher after every `every` bytes of gamma (CTR-ACPKM); see ctr-acpkm.ts. */
export interface Rekeying {
  readonly every: number;
  next(cipher: BlockCipher): BlockCipher;
}

/**
 * Counter mode of GOST R 34.13-2015 §4.4: the counter starts as IV ‖ 0…0 (IV half a block),
 * is incremented as one big-endian integer modulo 2^n per block, and its encryption is the
 * gamma. Encryption and decryption are the same; state carries over between calls, so the
 * data may come in pieces of any size.
 */
export class CtrStream {
  private cipher: BlockCipher;
  private readonly rekeying: Rekeying | null;
  private readonly n: number;
  private readonly counter: Uint8Array;
  private readonly gamma: Uint8Array;
  private gammaUsed: number;
  /** Gamma bytes produced under the current cipher. */
  private produced = 0;

  constructor(cipher: BlockCipher, iv: Uint8Array, rekeying: Rekeying | null = null) {
    const n = cipher.blockSize;
    requireLength("CTR IV (half a block)", iv, n / 2);
    if (rekeying && (!Number.isInteger(rekeying.every) || rekeying.every <= 0 || rekeying.every % n !== 0)) {
      throw new RangeError(`CTR key section must be a positive multiple of ${n} bytes, got ${rekeying.every}`);
    }
    this.cipher = cipher;
    this.rekeying = rekeying;
    this.n = n;
    this.counter = new Uint8Array(n);
    this.counter.set(iv);
    this.gamma = new Uint8Array(n);
    this.gammaUsed = n;
  }

  process(data: Uint8Array): Uint8Array {
    requireBytes("CTR data", data);
    const n = this.n;
    const length = data.length;
    const out = new Uint8Array(length);
    const gamma = this.gamma;
    let p = 0;
    while (this.gammaUsed < n && p < length) out[p] = data[p++]! ^ gamma[this.gammaUsed++]!;
    // Whole blocks: the gamma is written straight into the output and the data XORed onto it.
    while (length - p >= n) {
      this.rekeyWhenDue();
      const bulk = this.cipher.bulk;
      if (bulk) {
        let blocks = Math.floor((length - p) / n);
        if (this.rekeying) blocks = Math.min(blocks, (this.rekeying.every - this.produced) / n);
        bulk.ctr(this.counter, data, p, out, p, blocks);
        this.produced += blocks * n;
        p += blocks * n;
        continue;
      }
      this.nextCounterInto(out, p);
      for (let i = 0; i < n; i++) out[p + i]! ^= data[p + i]!;
      p += n;
    }
    if (p < length) {
      this.nextCounterInto(gamma, 0);
      this.gammaUsed = 0;
      while (p < length) out[p] = data[p++]! ^ gamma[this.gammaUsed++]!;
    }
    return out;
  }

  private rekeyWhenDue(): void {
    if (this.rekeying && this.produced === this.rekeying.every) {
      this.cipher = this.rekeying.next(this.cipher);
      this.produced = 0;
    }
  }

  /** Encrypts the counter into dst at offset, then steps the counter (and the key, when due). */
  private nextCounterInto(dst: Uint8Array, offset: number): void {
    this.rekeyWhenDue();
    this.cipher.encryptInto(this.counter, 0, dst, offset);
    this.produced += this.n;
    const c = this.counter;
    for (let i = c.length - 1; i >= 0; i--) {
      c[i] = (c[i]! + 1) & 255;
      if (c[i] !== 0) break;
    }
  }
}
