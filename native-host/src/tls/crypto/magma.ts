import { blockCipher64, type BlockCipher, type BulkBlockOperations } from "./block-cipher.ts";
import { requireLength } from "./checks.ts";
import { decryptionSchedule, encryptionSchedule, feistel, feistelTables } from "./gost89-feistel.ts";
import { GOST89_SBOXES } from "./gost89-sboxes.ts";
import { readBE, writeBE } from "./words.ts";

/**
 * GOST R 34.12-2015 Magma (RFC 8891): GOST 28147-89 with the TC26-Z S-box and big-endian byte
 * order throughout, so key, blocks and the standard's examples read as printed. Block a1 ‖ a0:
 * the first round function takes a0, the last four bytes.
 */

export function magma(key: Uint8Array): BlockCipher {
  requireLength("Magma key", key, 32);
  const tables = feistelTables(GOST89_SBOXES["tc26-z"]);
  const words = new Int32Array(8);
  for (let i = 0; i < 8; i++) words[i] = readBE(key, 4 * i);
  const enc = encryptionSchedule(words);
  const dec = decryptionSchedule(words);
  const out = new Int32Array(2);
  // The network emits (n2', n1'); Magma writes n1' first, being gost-engine's cipher on reversed bytes.
  const run = (schedule: Int32Array, src: Uint8Array, so: number, dst: Uint8Array, dOff: number): void => {
    feistel(tables, schedule, readBE(src, so + 4), readBE(src, so), out);
    writeBE(dst, dOff, out[1]!);
    writeBE(dst, dOff + 4, out[0]!);
  };
  // The modes' whole-block loops on words: no per-block byte conversion of the counter or
  // the chaining state, and no per-block argument checks.
  const bulk: BulkBlockOperations = {
    ctr(counter, src, sOff, dst, dOff, blocks) {
      let high = readBE(counter, 0);
      let low = readBE(counter, 4);
      for (let b = 0; b < blocks; b++) {
        feistel(tables, enc, low, high, out);
        const s = sOff + 8 * b;
        const d = dOff + 8 * b;
        writeBE(dst, d, readBE(src, s) ^ out[1]!);
        writeBE(dst, d + 4, readBE(src, s + 4) ^ out[0]!);
        low = (low + 1) | 0;
        if (low === 0) high = (high + 1) | 0;
      }
      writeBE(counter, 0, high);
      writeBE(counter, 4, low);
    },
    cbc(state, src, sOff, blocks) {
      let high = readBE(state, 0);
      let low = readBE(state, 4);
      for (let b = 0; b < blocks; b++) {
        feistel(tables, enc, low ^ readBE(src, sOff + 8 * b + 4), high ^ readBE(src, sOff + 8 * b), out);
        high = out[1]!;
        low = out[0]!;
      }
      writeBE(state, 0, high);
      writeBE(state, 4, low);
    },
  };

  return blockCipher64("Magma", run, enc, dec, bulk);
}
