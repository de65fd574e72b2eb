import type { BlockCipher } from "./block-cipher.ts";
import { requireBytes, requireLength } from "./checks.ts";

/**
 * Counter mode of GOST R 34.13-2015 §4.4: the counter starts as IV ‖ 0…0 (IV half a block),
 * is incremented as one big-endian integer modulo 2^n per block, and its encryption is the
 * gamma. Encryption and decryption are the same; state carries over between calls, so a TLS
 * connection's records can run through one stream.
 */
export class CtrStream {
  private readonly cipher: BlockCipher;
  private readonly counter: Uint8Array;
  private readonly gamma: Uint8Array;
  private gammaUsed: number;

  constructor(cipher: BlockCipher, iv: Uint8Array) {
    const n = cipher.blockSize;
    requireLength("CTR IV (half a block)", iv, n / 2);
    this.cipher = cipher;
    this.counter = new Uint8Array(n);
    this.counter.set(iv);
    this.gamma = new Uint8Array(n);
    this.gammaUsed = n;
  }

  process(data: Uint8Array): Uint8Array {
    requireBytes("CTR data", data);
    const n = this.cipher.blockSize;
    const out = new Uint8Array(data.length);
    const gamma = this.gamma;
    let p = 0;
    while (p < data.length) {
      if (this.gammaUsed === n) {
        this.cipher.encryptInto(this.counter, 0, gamma, 0);
        this.increment();
        this.gammaUsed = 0;
      }
      const take = Math.min(n - this.gammaUsed, data.length - p);
      for (let i = 0; i < take; i++) out[p + i] = data[p + i]! ^ gamma[this.gammaUsed + i]!;
      this.gammaUsed += take;
      p += take;
    }
    return out;
  }

  private increment(): void {
    const c = this.counter;
    for (let i = c.length - 1; i >= 0; i--) {
      c[i] = (c[i]! + 1) & 255;
      if (c[i] !== 0) break;
    }
  }
}
