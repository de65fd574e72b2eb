import type { BlockCipher } from "./block-cipher.ts";
import { requireBytes, requireLength } from "./checks.ts";

/**
 * CTR-ACPKM (R 1323565.1.017-2018, RFC 8645 §6.2.2): GOST R 34.13-2015 counter mode whose key
 * is replaced after every section of N bytes by ACPKM(K) = the first 256 bits of
 * E_K(D_1) ‖ E_K(D_2) ‖ …, D = 80 81 … 9F, while the counter runs on. OpenSSL's GOST TLS
 * suites encrypt records with it (kuznyechik-ctr-acpkm with N = 4096, magma-ctr-acpkm with
 * N = 1024, each record starting from its TLSTREE key), which the plain CTR of RFC 9189's
 * text does not show; gost-engine's test_tlstree.c record vector proves the difference.
 */

const D = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);

export function acpkmNextKey(cipher: BlockCipher): Uint8Array {
  const next = new Uint8Array(32);
  for (let i = 0; i < 32; i += cipher.blockSize) cipher.encryptInto(D, i, next, i);
  return next;
}

export class CtrAcpkmStream {
  private readonly makeCipher: (key: Uint8Array) => BlockCipher;
  private cipher: BlockCipher;
  private readonly n: number;
  private readonly section: number;
  private readonly counter: Uint8Array;
  private readonly gamma: Uint8Array;
  private gammaUsed: number;
  /** Gamma bytes produced under the current key. */
  private sectionUsed = 0;

  /**
   * @param makeCipher the block cipher for a key, e.g. `kuznyechik` or `magma`
   * @param iv half a block, as in CTR
   * @param sectionBytes N, a positive multiple of the block size
   */
  constructor(makeCipher: (key: Uint8Array) => BlockCipher, key: Uint8Array, iv: Uint8Array, sectionBytes: number) {
    requireLength("CTR-ACPKM key", key, 32);
    this.makeCipher = makeCipher;
    this.cipher = makeCipher(key);
    this.n = this.cipher.blockSize;
    if (!Number.isInteger(sectionBytes) || sectionBytes <= 0 || sectionBytes % this.n !== 0) {
      throw new RangeError(`CTR-ACPKM section must be a positive multiple of ${this.n} bytes, got ${sectionBytes}`);
    }
    requireLength("CTR-ACPKM IV (half a block)", iv, this.n / 2);
    this.section = sectionBytes;
    this.counter = new Uint8Array(this.n);
    this.counter.set(iv);
    this.gamma = new Uint8Array(this.n);
    this.gammaUsed = this.n;
  }

  process(data: Uint8Array): Uint8Array {
    requireBytes("CTR-ACPKM data", data);
    const n = this.n;
    const out = new Uint8Array(data.length);
    const gamma = this.gamma;
    let p = 0;
    while (p < data.length) {
      if (this.gammaUsed === n) this.nextGamma();
      const take = Math.min(n - this.gammaUsed, data.length - p);
      for (let i = 0; i < take; i++) out[p + i] = data[p + i]! ^ gamma[this.gammaUsed + i]!;
      this.gammaUsed += take;
      p += take;
    }
    return out;
  }

  private nextGamma(): void {
    if (this.sectionUsed === this.section) {
      this.cipher = this.makeCipher(acpkmNextKey(this.cipher));
      this.sectionUsed = 0;
    }
    this.cipher.encryptInto(this.counter, 0, this.gamma, 0);
    const c = this.counter;
    for (let i = c.length - 1; i >= 0; i--) {
      c[i] = (c[i]! + 1) & 255;
      if (c[i] !== 0) break;
    }
    this.gammaUsed = 0;
    this.sectionUsed += this.n;
  }
}
