import type { BlockAbsorber } from "./streebog.ts";
import { LPS_TABLES, ROUND_CONSTANTS } from "./streebog-tables.ts";
import { Code, encodeModule, I32, I64, type FunctionDef, type ValueType } from "./wasm-encoder.ts";

// Streebog's whole-block loop in WebAssembly. The TypeScript compression function works on
// 32-bit halves because JavaScript has no fast 64-bit integers; with native i64 each LPS
// output word is 8 table loads and 8 XORs instead of twice that, and no bounds checks.
// The word layout is the one of streebog-tables.ts, which is the value's little-endian byte
// encoding, so 64-bit word k is simply the i64 at byte 8k.

/** Memory layout, in bytes. Every 512-bit value is 64 bytes, 8 little-endian i64 words. */
const TABLES = 0; // T_0..T_7, 256 i64 each
const TABLE_BYTES = 256 * 8;
const CONSTANTS = 8 * TABLE_BYTES; // C_1..C_12
const H = CONSTANTS + 12 * 64;
const N = H + 64;
const SIGMA = N + 64;
const KEY = SIGMA + 64;
const STATE = KEY + 64;
const INPUT = 32 * 1024;
/** Input is copied into the module's memory this many bytes at a time. */
const WINDOW = 64 * 1024;
const PAGES = Math.ceil((INPUT + WINDOW) / 65536);

const LPSX = 0;
const COMPRESS = 1;

/** lpsx(a, b, out): out ← LPS(a ⊕ b); reads all of a and b before writing, so out may alias them. */
function lpsxFunction(): FunctionDef {
  const [a, b, out, x] = [0, 1, 2, 3];
  const lo = (j: number) => 4 + j;
  const hi = (j: number) => 12 + j;
  const code = new Code();
  for (let j = 0; j < 8; j++) {
    code
      .localGet(a)
      .i64Load(8 * j)
      .localGet(b)
      .i64Load(8 * j)
      .i64Xor()
      .localTee(x)
      .i32WrapI64()
      .localSet(lo(j));
    code.localGet(x).i64Const(32).i64ShrU().i32WrapI64().localSet(hi(j));
  }
  // Output word i is the XOR over j of T_j[byte i of input word j] (see streebog-tables.ts);
  // the byte, times 8 for the i64 index, is one shift and one mask of the right half.
  for (let i = 0; i < 8; i++) {
    code.localGet(out);
    const shift = 8 * (i % 4);
    for (let j = 0; j < 8; j++) {
      code.localGet(i < 4 ? lo(j) : hi(j));
      if (shift === 0) code.i32Const(3).i32Shl();
      else code.i32Const(shift - 3).i32ShrU();
      code
        .i32Const(0x7f8)
        .i32And()
        .i64Load(TABLES + j * TABLE_BYTES);
      if (j > 0) code.i64Xor();
    }
    code.i64Store(8 * i);
  }
  return { params: [I32, I32, I32], locals: [I64, ...Array<ValueType>(16).fill(I32)], code };
}

/** compress(h, n, m): h ← g_N(h, m) = E(LPS(h ⊕ N), m) ⊕ h ⊕ m, the 12 rounds unrolled. */
function compressFunction(): FunctionDef {
  const [h, n, m] = [0, 1, 2];
  const code = new Code();
  code.localGet(h).localGet(n).i32Const(KEY).call(LPSX);
  for (let w = 0; w < 8; w++)
    code
      .i32Const(STATE)
      .localGet(m)
      .i64Load(8 * w)
      .i64Store(8 * w);
  for (let r = 0; r < 12; r++) {
    code.i32Const(KEY).i32Const(STATE).i32Const(STATE).call(LPSX);
    code
      .i32Const(KEY)
      .i32Const(CONSTANTS + 64 * r)
      .i32Const(KEY)
      .call(LPSX);
  }
  for (let w = 0; w < 8; w++) {
    code.localGet(h);
    code.localGet(h).i64Load(8 * w);
    code
      .i32Const(KEY)
      .i64Load(8 * w)
      .i64Xor();
    code
      .i32Const(STATE)
      .i64Load(8 * w)
      .i64Xor();
    code
      .localGet(m)
      .i64Load(8 * w)
      .i64Xor();
    code.i64Store(8 * w);
  }
  return { params: [I32, I32, I32], locals: [], code };
}

/** absorb(count): for each of `count` blocks at INPUT: h ← g_N(h, m); N ← N + 512; Σ ← Σ + m. */
function absorbFunction(): FunctionDef {
  const [count, p, carry, sum, word] = [0, 1, 2, 3, 4];
  const code = new Code();
  code.i32Const(INPUT).localSet(p);
  code.block().loop();
  code.localGet(count).i32Eqz().brIf(1);
  code.i32Const(H).i32Const(N).localGet(p).call(COMPRESS);
  // N ← N + 512 (mod 2^512): only the carry travels past the first word.
  code.i32Const(N).i32Const(N).i64Load(0).i64Const(512).i64Add().localTee(sum).i64Store(0);
  code.localGet(sum).i64Const(512).i64LtU().i64ExtendI32U().localSet(carry);
  for (let w = 1; w < 8; w++) {
    code
      .i32Const(N)
      .i32Const(N)
      .i64Load(8 * w)
      .localGet(carry)
      .i64Add()
      .localTee(sum)
      .i64Store(8 * w);
    code.localGet(sum).localGet(carry).i64LtU().i64ExtendI32U().localSet(carry);
  }
  // Σ ← Σ + m (mod 2^512). A carry comes out of a + m, or out of adding the incoming carry.
  code.i64Const(0).localSet(carry);
  for (let w = 0; w < 8; w++) {
    code
      .localGet(p)
      .i64Load(8 * w)
      .localSet(word);
    code
      .i32Const(SIGMA)
      .i64Load(8 * w)
      .localGet(word)
      .i64Add()
      .localTee(sum);
    code.localGet(word).i64LtU();
    code.localGet(sum).localGet(carry).i64Add().localTee(sum).localGet(carry).i64LtU();
    code.i32Or().i64ExtendI32U().localSet(carry);
    code
      .i32Const(SIGMA)
      .localGet(sum)
      .i64Store(8 * w);
  }
  code.localGet(p).i32Const(64).i32Add().localSet(p);
  code.localGet(count).i32Const(1).i32Sub().localSet(count);
  code.br(0);
  code.end().end();
  return { params: [I32], locals: [I32, I64, I64, I64], code };
}

/** The module's bytes: about 3 KiB, encoded on each call. */
export function streebogWasm(): Uint8Array<ArrayBuffer> {
  return encodeModule(
    // In this order: the calls above name functions by these indices (LPSX, COMPRESS).
    [lpsxFunction(), compressFunction(), { ...absorbFunction(), export: "absorb" }],
    PAGES,
  );
}

/**
 * A block absorber backed by the module, or null where WebAssembly may not be compiled (an
 * extension page without 'wasm-unsafe-eval' in its policy). One instance serves any number
 * of hashes: their state is copied in and out around each run of whole blocks.
 */
export function createWasmAbsorber(): BlockAbsorber | null {
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(new WebAssembly.Module(streebogWasm()), {});
  } catch {
    return null;
  }
  const memory = instance.exports.memory as WebAssembly.Memory;
  const absorb = instance.exports.absorb as (count: number) => void;
  const bytes = new Uint8Array(memory.buffer);
  // A DataView keeps the words little-endian whatever the machine's byte order.
  const view = new DataView(memory.buffer);
  const putWords = (at: number, words: Int32Array) => {
    for (let w = 0; w < 16; w++) view.setInt32(at + 4 * w, words[w]!, true);
  };
  const getWords = (at: number, words: Int32Array) => {
    for (let w = 0; w < 16; w++) words[w] = view.getInt32(at + 4 * w, true);
  };
  for (let j = 0; j < 8; j++) {
    const low = LPS_TABLES[2 * j]!;
    const high = LPS_TABLES[2 * j + 1]!;
    for (let b = 0; b < 256; b++) {
      view.setInt32(TABLES + j * TABLE_BYTES + 8 * b, low[b]!, true);
      view.setInt32(TABLES + j * TABLE_BYTES + 8 * b + 4, high[b]!, true);
    }
  }
  ROUND_CONSTANTS.forEach((constant, r) => putWords(CONSTANTS + 64 * r, constant));

  return {
    absorb(h, n, sigma, data, from, to) {
      putWords(H, h);
      putWords(N, n);
      putWords(SIGMA, sigma);
      for (let p = from; p < to; p += WINDOW) {
        const end = Math.min(p + WINDOW, to);
        bytes.set(data.subarray(p, end), INPUT);
        absorb((end - p) / 64);
      }
      getWords(H, h);
      getWords(N, n);
      getWords(SIGMA, sigma);
    },
  };
}

let shared: BlockAbsorber | null | undefined;

/** The process's (or worker's) one absorber, compiled on first use: most starts never hash much. */
export function wasmAbsorber(): BlockAbsorber | null {
  if (shared === undefined) shared = createWasmAbsorber();
  return shared;
}
