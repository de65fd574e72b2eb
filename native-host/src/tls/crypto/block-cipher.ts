/**
 * A 64- or 128-bit block cipher with a fixed key. Blocks are byte strings in the order the
 * standards print them and OpenSSL's GOST engine takes them.
 */
export interface BlockCipher {
  readonly blockSize: 8 | 16;
  encryptBlock(src: Uint8Array): Uint8Array;
  decryptBlock(src: Uint8Array): Uint8Array;
  /**
   * Encrypts the block at src[srcOffset..] into dst[dstOffset..] without allocating; the modes
   * (CTR, OMAC, CNT, IMIT) run their bulk loops on it. src and dst may be the same bytes.
   */
  encryptInto(src: Uint8Array, srcOffset: number, dst: Uint8Array, dstOffset: number): void;
  /** Faster whole-block loops, where the cipher has them (Kuznyechik in WebAssembly). */
  readonly bulk?: BulkBlockOperations;
}

export interface BulkBlockOperations {
  /**
   * CTR over `blocks` whole blocks: dst[dOff..] ← src[sOff..] ⊕ E(counter), E(counter + 1), …;
   * the counter (one big-endian integer) is advanced in place.
   */
  ctr(counter: Uint8Array, src: Uint8Array, sOff: number, dst: Uint8Array, dOff: number, blocks: number): void;
  /** The CBC chain of a MAC: state ← E(state ⊕ block) over `blocks` whole blocks of src, in place. */
  cbc(state: Uint8Array, src: Uint8Array, sOff: number, blocks: number): void;
}
