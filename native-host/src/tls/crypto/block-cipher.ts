import { requireLength, requireRange } from "./checks.ts";

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

/** One block of a 64-bit cipher under a key schedule, at the given offsets, without checks. */
export type BlockRoutine64 = (schedule: Int32Array, src: Uint8Array, so: number, dst: Uint8Array, dOff: number) => void;

/**
 * A 64-bit BlockCipher from its one-block routine and its two schedules: the length checks and
 * allocation rules every caller relies on, written once for GOST 28147-89 and Magma.
 */
export function blockCipher64(name: string, run: BlockRoutine64, enc: Int32Array, dec: Int32Array, bulk?: BulkBlockOperations): BlockCipher {
  const one = (schedule: Int32Array, src: Uint8Array): Uint8Array => {
    requireLength(`${name} block`, src, 8);
    const dst = new Uint8Array(8);
    run(schedule, src, 0, dst, 0);
    return dst;
  };
  return {
    ...(bulk ? { bulk } : {}),
    blockSize: 8,
    encryptBlock: (src) => one(enc, src),
    decryptBlock: (src) => one(dec, src),
    encryptInto(src, srcOffset, dst, dstOffset) {
      requireRange(`${name} source block`, src, srcOffset, 8);
      requireRange(`${name} destination block`, dst, dstOffset, 8);
      run(enc, src, srcOffset, dst, dstOffset);
    },
  };
}
