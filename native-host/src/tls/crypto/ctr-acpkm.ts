import type { BlockCipher } from "./block-cipher.ts";
import { requireLength } from "./checks.ts";
import { CtrStream } from "./ctr.ts";

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

export class CtrAcpkmStream extends CtrStream {
  /**
   * @param makeCipher the block cipher for a key, e.g. `kuznyechik` or `magma`
   * @param iv half a block, as in CTR
   * @param sectionBytes N, a positive multiple of the block size
   */
  constructor(makeCipher: (key: Uint8Array) => BlockCipher, key: Uint8Array, iv: Uint8Array, sectionBytes: number) {
    requireLength("CTR-ACPKM key", key, 32);
    super(makeCipher(key), iv, { every: sectionBytes, next: (cipher) => makeCipher(acpkmNextKey(cipher)) });
  }
}
