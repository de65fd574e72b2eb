import { Code, encodeModule, I32, type FunctionDef } from "../../../../shared/crypto/wasm-encoder.ts";

// The GOST 28147-89 loops of the GOST2012-GOST8912-GOST8912 suite, CNT gamma and the MAC, in
// WebAssembly encoded from TypeScript: the rounds unrolled, the key words in locals, the
// S-box tables of gost89-feistel.ts in memory. Key meshing stays in TypeScript: callers stop
// every run at a 1024-byte boundary. Memory is little-endian, as GOST 28147-89's words are.

/** Memory layout, in bytes. */
const TABLES = 0; // 4 × 256 i32, from feistelTables()
const KEYS = 4096; // K1..K8
const REGISTER = KEYS + 32; // CNT: (n3, n4)
const STATE = REGISTER + 8; // MAC: (n1, n2)
const DATA = 8192;
/** Data is copied into the module's memory this many bytes at a time. */
const WINDOW = 64 * 1024;
const PAGES = Math.ceil((DATA + WINDOW) / 65536);

/** The CNT step constants C2 and C1 (RFC 5830 §6.1). */
const C2 = 0x01010101;
const C1 = 0x01010104;

/** Emits target ^= f(source + key): the round function through the four merged tables. */
function round(code: Code, target: number, source: number, key: number, x: number): void {
  code.localGet(source).localGet(key).i32Add().localSet(x);
  code.localGet(target);
  code.localGet(x).i32Const(255).i32And().i32Const(2).i32Shl().i32Load(TABLES);
  code.i32Xor();
  code
    .localGet(x)
    .i32Const(6)
    .i32ShrU()
    .i32Const(0x3fc)
    .i32And()
    .i32Load(TABLES + 1024);
  code.i32Xor();
  code
    .localGet(x)
    .i32Const(14)
    .i32ShrU()
    .i32Const(0x3fc)
    .i32And()
    .i32Load(TABLES + 2048);
  code.i32Xor();
  code
    .localGet(x)
    .i32Const(22)
    .i32ShrU()
    .i32Const(0x3fc)
    .i32And()
    .i32Load(TABLES + 3072);
  code.i32Xor();
  code.localSet(target);
}

/** Locals shared by both functions: 0 count (parameter), then these. */
const [P, N1, N2, X, T] = [1, 2, 3, 4, 5];
const key = (i: number) => 6 + i;
const LOCALS = Array<typeof I32>(5 + 8).fill(I32);

function loadKeys(code: Code): void {
  for (let i = 0; i < 8; i++)
    code
      .i32Const(KEYS)
      .i32Load(4 * i)
      .localSet(key(i));
}

/** Loops `count` times over the blocks at DATA, P pointing at the current one. */
function eachBlock(code: Code, body: () => void): void {
  code.i32Const(DATA).localSet(P);
  code.block().loop();
  code.localGet(0).i32Eqz().brIf(1);
  body();
  code.localGet(P).i32Const(8).i32Add().localSet(P);
  code.localGet(0).i32Const(1).i32Sub().localSet(0);
  code.br(0);
  code.end().end();
}

/** cnt(count): for each block, step the register (n3 + C2, n4 + C1 mod 2^32 − 1), block ⊕= E(register). */
function cntFunction(): FunctionDef {
  const [R3, R4] = [14, 15];
  const code = new Code();
  loadKeys(code);
  code.i32Const(REGISTER).i32Load(0).localSet(R3);
  code.i32Const(REGISTER).i32Load(4).localSet(R4);
  eachBlock(code, () => {
    code.localGet(R3).i32Const(C2).i32Add().localTee(R3).localSet(N1);
    // Modulo 2^32 − 1: a carry out of the addition comes back in as 1.
    code.localGet(R4).i32Const(C1).i32Add().localTee(T).localGet(T).localGet(R4).i32LtU().i32Add().localTee(R4).localSet(N2);
    for (let i = 0; i < 32; i += 2) {
      const k1 = i < 24 ? i % 8 : 31 - i;
      const k2 = i + 1 < 24 ? (i + 1) % 8 : 30 - i;
      round(code, N2, N1, key(k1), X);
      round(code, N1, N2, key(k2), X);
    }
    // The cipher emits (n2, n1).
    code.localGet(P).localGet(P).i32Load(0).localGet(N2).i32Xor().i32Store(0);
    code.localGet(P).localGet(P).i32Load(4).localGet(N1).i32Xor().i32Store(4);
  });
  code.i32Const(REGISTER).localGet(R3).i32Store(0);
  code.i32Const(REGISTER).localGet(R4).i32Store(4);
  return { params: [I32], locals: [...LOCALS, I32, I32], code };
}

/** imit(count): for each block, (n1, n2) ← 16 rounds of ((n1, n2) ⊕ block), without the final swap. */
function imitFunction(): FunctionDef {
  const code = new Code();
  loadKeys(code);
  code.i32Const(STATE).i32Load(0).localSet(N1);
  code.i32Const(STATE).i32Load(4).localSet(N2);
  eachBlock(code, () => {
    code.localGet(N1).localGet(P).i32Load(0).i32Xor().localSet(N1);
    code.localGet(N2).localGet(P).i32Load(4).i32Xor().localSet(N2);
    for (let i = 0; i < 16; i += 2) {
      round(code, N2, N1, key(i % 8), X);
      round(code, N1, N2, key((i + 1) % 8), X);
    }
  });
  code.i32Const(STATE).localGet(N1).i32Store(0);
  code.i32Const(STATE).localGet(N2).i32Store(4);
  return { params: [I32], locals: LOCALS, code };
}

export function gost89Wasm(): Uint8Array<ArrayBuffer> {
  return encodeModule(
    [
      { ...cntFunction(), export: "cnt" },
      { ...imitFunction(), export: "imit" },
    ],
    PAGES,
  );
}

/** Whole-block loops under one key, within one meshing section. */
export interface Gost89Bulk {
  /** dst[dOff..] ← src[sOff..] ⊕ the CNT gamma of `blocks` steps; register (n3, n4) advances in place. */
  cnt(tables: Int32Array, keyWords: Int32Array, register: Int32Array, src: Uint8Array, sOff: number, dst: Uint8Array, dOff: number, blocks: number): void;
  /** The MAC state (n1, n2) absorbs `blocks` blocks of src from sOff, in place. */
  imit(tables: Int32Array, keyWords: Int32Array, state: Int32Array, src: Uint8Array, sOff: number, blocks: number): void;
}

function createBulk(): Gost89Bulk | null {
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(new WebAssembly.Module(gost89Wasm()), {});
  } catch {
    return null;
  }
  const memory = instance.exports.memory as WebAssembly.Memory;
  const cnt = instance.exports.cnt as (count: number) => void;
  const imit = instance.exports.imit as (count: number) => void;
  const bytes = new Uint8Array(memory.buffer);
  const view = new DataView(memory.buffer);
  let loadedTables: Int32Array | null = null;
  const load = (tables: Int32Array, keyWords: Int32Array) => {
    if (tables !== loadedTables) {
      for (let i = 0; i < 1024; i++) view.setInt32(TABLES + 4 * i, tables[i]!, true);
      loadedTables = tables;
    }
    for (let i = 0; i < 8; i++) view.setInt32(KEYS + 4 * i, keyWords[i]!, true);
  };
  return {
    cnt(tables, keyWords, register, src, sOff, dst, dOff, blocks) {
      load(tables, keyWords);
      view.setInt32(REGISTER, register[0]!, true);
      view.setInt32(REGISTER + 4, register[1]!, true);
      for (let done = 0; done < blocks;) {
        const run = Math.min(blocks - done, WINDOW / 8);
        bytes.set(src.subarray(sOff + 8 * done, sOff + 8 * (done + run)), DATA);
        cnt(run);
        dst.set(bytes.subarray(DATA, DATA + 8 * run), dOff + 8 * done);
        done += run;
      }
      register[0] = view.getInt32(REGISTER, true);
      register[1] = view.getInt32(REGISTER + 4, true);
    },
    imit(tables, keyWords, state, src, sOff, blocks) {
      load(tables, keyWords);
      view.setInt32(STATE, state[0]!, true);
      view.setInt32(STATE + 4, state[1]!, true);
      for (let done = 0; done < blocks;) {
        const run = Math.min(blocks - done, WINDOW / 8);
        bytes.set(src.subarray(sOff + 8 * done, sOff + 8 * (done + run)), DATA);
        imit(run);
        done += run;
      }
      state[0] = view.getInt32(STATE, true);
      state[1] = view.getInt32(STATE + 4, true);
    },
  };
}

let shared: Gost89Bulk | null | undefined;

/** The process's one module, compiled on first use; null where WebAssembly cannot be compiled. */
export function gost89Bulk(): Gost89Bulk | null {
  if (shared === undefined) shared = createBulk();
  return shared;
}
