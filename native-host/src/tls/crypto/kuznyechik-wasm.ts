import { Code, encodeModule, I32, I64, type FunctionDef } from "../../../../shared/crypto/wasm-encoder.ts";
import { linear, lsTable } from "./kuznyechik-tables.ts";

// Kuznyechik's bulk loops (CTR gamma and the CBC chain of OMAC) and its key schedule in
// WebAssembly, encoded from TypeScript like the Streebog module. A block is two native i64 words
// and each LS image two i64 loads, against four 32-bit lookups in JavaScript, without bounds
// checks (SIMD v128 loads measured a third slower here: the lane moves cost more than they save).
// Blocks sit in memory in printed byte order; the tables hold the LS images in the same order,
// so no byte is ever swapped.

/** Memory layout, in bytes. */
const TABLE = 0; // 16 positions × 256 values × 16 bytes
const KEYS = 16 * 256 * 16; // K1..K10
const BLOCK = KEYS + 160;
const COUNTER = BLOCK + 16;
const STATE = COUNTER + 16;
const KEY = STATE + 16; // the 256-bit key the schedule expands
const CONSTANTS = KEY + 32; // C_1..C_32, 16 bytes each
const DATA = KEYS + 1024;
/** Data is copied into the module's memory this many bytes at a time. */
const WINDOW = 64 * 1024;
const PAGES = Math.ceil((DATA + WINDOW) / 65536);

const ENCRYPT = 0;

/** Locals lsLayer takes from `scratch` on: the block as four i32 (bytes 4k..4k+3), then 16·(byte j) for each j. */
const LS_LOCALS = 20;

/** (toLo, toHi) ← LS(lo ‖ hi) ⊕ y, y's halves pushed by `xorWith`: 16 lookups of two i64 each. */
function lsLayer(code: Code, lo: number, hi: number, toLo: number, toHi: number, scratch: number, xorWith: (half: 0 | 8) => void): void {
  const word = (k: number) => scratch + k;
  const address = (j: number) => scratch + 4 + j;
  code.localGet(lo).i32WrapI64().localSet(word(0));
  code.localGet(lo).i64Const(32).i64ShrU().i32WrapI64().localSet(word(1));
  code.localGet(hi).i32WrapI64().localSet(word(2));
  code.localGet(hi).i64Const(32).i64ShrU().i32WrapI64().localSet(word(3));
  for (let j = 0; j < 16; j++) {
    const shift = 8 * (j % 4);
    code.localGet(word(j >> 2));
    if (shift === 0) code.i32Const(4).i32Shl();
    else code.i32Const(shift - 4).i32ShrU();
    code.i32Const(0xff0).i32And().localSet(address(j));
  }
  for (const [half, target] of [
    [0, toLo],
    [8, toHi],
  ] as const) {
    for (let j = 0; j < 16; j++) {
      code.localGet(address(j)).i64Load(TABLE + 4096 * j + half);
      if (j > 0) code.i64Xor();
    }
    xorWith(half);
    code.i64Xor().localSet(target);
  }
}

/** encrypt(ptr): the block at ptr ← E(block), the ten rounds unrolled. */
function encryptFunction(): FunctionDef {
  const [ptr, lo, hi, nextLo, nextHi, scratch] = [0, 1, 2, 3, 4, 5];
  const code = new Code();
  code.localGet(ptr).i64Load(0).i32Const(KEYS).i64Load(0).i64Xor().localSet(lo);
  code.localGet(ptr).i64Load(8).i32Const(KEYS).i64Load(8).i64Xor().localSet(hi);
  for (let r = 1; r < 10; r++) {
    lsLayer(code, lo, hi, nextLo, nextHi, scratch, (half) => code.i32Const(KEYS).i64Load(16 * r + half));
    code.localGet(nextLo).localSet(lo);
    code.localGet(nextHi).localSet(hi);
  }
  code.localGet(ptr).localGet(lo).i64Store(0);
  code.localGet(ptr).localGet(hi).i64Store(8);
  return { params: [I32], locals: [I64, I64, I64, I64, ...Array<typeof I32>(LS_LOCALS).fill(I32)], code };
}

/**
 * schedule(): K1..K10 at KEYS from the key at KEY (RFC 7801 §4.3), the 32 Feistel rounds
 * (a1, a0) ← (LS(a1 ⊕ C_i) ⊕ a0, a1) in a loop (unrolled, they would make the module four
 * times larger and its compilation as much slower), the pair saved after every eighth.
 */
function scheduleFunction(): FunctionDef {
  const [a1Lo, a1Hi, a0Lo, a0Hi, xLo, xHi, fLo, fHi, i, scratch] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const code = new Code();
  code.i32Const(KEY).i64Load(0).localSet(a1Lo);
  code.i32Const(KEY).i64Load(8).localSet(a1Hi);
  code.i32Const(KEY).i64Load(16).localSet(a0Lo);
  code.i32Const(KEY).i64Load(24).localSet(a0Hi);
  // K1, K2 are the key itself; after round 8m, K(2m+1), K(2m+2) are at byte 32m = 4i.
  code.i32Const(0).localSet(i);
  code.block().loop();
  code.block();
  code.localGet(i).i32Const(7).i32And().brIf(0);
  code.localGet(i).i32Const(2).i32Shl().localGet(a1Lo).i64Store(KEYS);
  code
    .localGet(i)
    .i32Const(2)
    .i32Shl()
    .localGet(a1Hi)
    .i64Store(KEYS + 8);
  code
    .localGet(i)
    .i32Const(2)
    .i32Shl()
    .localGet(a0Lo)
    .i64Store(KEYS + 16);
  code
    .localGet(i)
    .i32Const(2)
    .i32Shl()
    .localGet(a0Hi)
    .i64Store(KEYS + 24);
  code.end();
  code.localGet(i).i32Const(32).i32LtU().i32Eqz().brIf(1);
  code.localGet(a1Lo).localGet(i).i32Const(4).i32Shl().i64Load(CONSTANTS).i64Xor().localSet(xLo);
  code
    .localGet(a1Hi)
    .localGet(i)
    .i32Const(4)
    .i32Shl()
    .i64Load(CONSTANTS + 8)
    .i64Xor()
    .localSet(xHi);
  lsLayer(code, xLo, xHi, fLo, fHi, scratch, (half) => code.localGet(half === 0 ? a0Lo : a0Hi));
  code.localGet(a1Lo).localSet(a0Lo);
  code.localGet(a1Hi).localSet(a0Hi);
  code.localGet(fLo).localSet(a1Lo);
  code.localGet(fHi).localSet(a1Hi);
  code.localGet(i).i32Const(1).i32Add().localSet(i);
  code.br(0);
  code.end().end();
  return { params: [], locals: [...Array<typeof I64>(8).fill(I64), I32, ...Array<typeof I32>(LS_LOCALS).fill(I32)], code };
}

/** ctr(count): for each of `count` blocks at DATA, block ⊕= E(COUNTER), then COUNTER + 1 (big-endian). */
function ctrFunction(): FunctionDef {
  const [count, p, i, byte] = [0, 1, 2, 3];
  const code = new Code();
  code.i32Const(DATA).localSet(p);
  code.block().loop();
  code.localGet(count).i32Eqz().brIf(1);
  code.i32Const(BLOCK).i32Const(COUNTER).i64Load(0).i64Store(0);
  code.i32Const(BLOCK).i32Const(COUNTER).i64Load(8).i64Store(8);
  code.i32Const(BLOCK).call(ENCRYPT);
  for (const half of [0, 8]) {
    code.localGet(p).localGet(p).i64Load(half).i32Const(BLOCK).i64Load(half).i64Xor().i64Store(half);
  }
  // The counter's last byte is its least significant; carry towards byte 0.
  code.i32Const(15).localSet(i);
  code.block().loop();
  code.localGet(i).i32Const(COUNTER).i32Add().localGet(i).i32Const(COUNTER).i32Add().i32Load8U(0);
  code.i32Const(1).i32Add().localTee(byte).i32Store8(0);
  code.localGet(byte).i32Const(256).i32LtU().brIf(1);
  code.localGet(i).i32Eqz().brIf(1);
  code.localGet(i).i32Const(1).i32Sub().localSet(i);
  code.br(0);
  code.end().end();
  code.localGet(p).i32Const(16).i32Add().localSet(p);
  code.localGet(count).i32Const(1).i32Sub().localSet(count);
  code.br(0);
  code.end().end();
  return { params: [I32], locals: [I32, I32, I32], code };
}

/** cbc(count): for each of `count` blocks at DATA, STATE ← E(STATE ⊕ block). */
function cbcFunction(): FunctionDef {
  const [count, p] = [0, 1];
  const code = new Code();
  code.i32Const(DATA).localSet(p);
  code.block().loop();
  code.localGet(count).i32Eqz().brIf(1);
  for (const half of [0, 8]) {
    code.i32Const(STATE).i32Const(STATE).i64Load(half).localGet(p).i64Load(half).i64Xor().i64Store(half);
  }
  code.i32Const(STATE).call(ENCRYPT);
  code.localGet(p).i32Const(16).i32Add().localSet(p);
  code.localGet(count).i32Const(1).i32Sub().localSet(count);
  code.br(0);
  code.end().end();
  return { params: [I32], locals: [I32], code };
}

/** The whole-block loops of one Kuznyechik key, run in the shared module. */
export interface KuznyechikBulk {
  /** The round keys K1..K10 of a 256-bit key as 40 big-endian words, as kuznyechik.ts holds them. */
  expandKey(key: Uint8Array): Int32Array;
  /** dst[dOff..] ← src[sOff..] ⊕ E(counter), E(counter + 1), … for `blocks` blocks; counter advances in place. */
  ctr(roundKeys: Int32Array, counter: Uint8Array, src: Uint8Array, sOff: number, dst: Uint8Array, dOff: number, blocks: number): void;
  /** state ← E(state ⊕ block) over `blocks` blocks of src from sOff, in place. */
  cbc(roundKeys: Int32Array, state: Uint8Array, src: Uint8Array, sOff: number, blocks: number): void;
}

export function kuznyechikWasm(): Uint8Array<ArrayBuffer> {
  // In this order: ctr and cbc call encrypt by its index (ENCRYPT).
  return encodeModule(
    [encryptFunction(), { ...ctrFunction(), export: "ctr" }, { ...cbcFunction(), export: "cbc" }, { ...scheduleFunction(), export: "schedule" }],
    PAGES,
  );
}

function createBulk(): KuznyechikBulk | null {
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(new WebAssembly.Module(kuznyechikWasm()), {});
  } catch {
    return null;
  }
  const memory = instance.exports.memory as WebAssembly.Memory;
  const ctr = instance.exports.ctr as (count: number) => void;
  const cbc = instance.exports.cbc as (count: number) => void;
  const schedule = instance.exports.schedule as () => void;
  const bytes = new Uint8Array(memory.buffer);
  const view = new DataView(memory.buffer);
  const table = lsTable();
  // lsTable holds big-endian words; written big-endian they are the image's printed bytes.
  for (let i = 0; i < table.length; i++) view.setInt32(TABLE + 4 * i, table[i]!, false);
  for (let i = 1; i <= 32; i++) {
    const c = bytes.subarray(CONSTANTS + 16 * (i - 1), CONSTANTS + 16 * i);
    c[15] = i;
    linear(c);
  }
  // The keys in the module's memory: a record's ciphers run one after another, so mostly
  // the ones just expanded there, which need not be written again.
  let loaded: Int32Array | null = null;
  const loadKeys = (keys: Int32Array) => {
    if (keys === loaded) return;
    for (let i = 0; i < 40; i++) view.setInt32(KEYS + 4 * i, keys[i]!, false);
    loaded = keys;
  };
  return {
    expandKey(key) {
      bytes.set(key, KEY);
      schedule();
      const keys = new Int32Array(40);
      for (let i = 0; i < 40; i++) keys[i] = view.getInt32(KEYS + 4 * i, false);
      loaded = keys;
      return keys;
    },
    ctr(keys, counter, src, sOff, dst, dOff, blocks) {
      loadKeys(keys);
      bytes.set(counter, COUNTER);
      for (let done = 0; done < blocks;) {
        const run = Math.min(blocks - done, WINDOW / 16);
        bytes.set(src.subarray(sOff + 16 * done, sOff + 16 * (done + run)), DATA);
        ctr(run);
        dst.set(bytes.subarray(DATA, DATA + 16 * run), dOff + 16 * done);
        done += run;
      }
      counter.set(bytes.subarray(COUNTER, COUNTER + 16));
    },
    cbc(keys, state, src, sOff, blocks) {
      loadKeys(keys);
      bytes.set(state, STATE);
      for (let done = 0; done < blocks;) {
        const run = Math.min(blocks - done, WINDOW / 16);
        bytes.set(src.subarray(sOff + 16 * done, sOff + 16 * (done + run)), DATA);
        cbc(run);
        done += run;
      }
      state.set(bytes.subarray(STATE, STATE + 16));
    },
  };
}

let shared: KuznyechikBulk | null | undefined;

/** The process's one module, compiled on first use; null where WebAssembly cannot be compiled. */
export function kuznyechikBulk(): KuznyechikBulk | null {
  if (shared === undefined) shared = createBulk();
  return shared;
}
