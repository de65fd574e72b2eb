// Just enough of the WebAssembly binary format (core spec 1.0, § 5) to encode one small module
// from TypeScript: the code that needs native 64-bit integers is written here as instructions,
// so no compiler or prebuilt .wasm file enters the build.

export const I32 = 0x7f;
export const I64 = 0x7e;
export type ValueType = typeof I32 | typeof I64;

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    out.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** A function body under construction; each method appends one instruction. */
export class Code {
  readonly bytes: number[] = [];

  private emit(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }

  localGet(index: number): this {
    return this.emit(0x20, ...uleb(index));
  }
  localSet(index: number): this {
    return this.emit(0x21, ...uleb(index));
  }
  localTee(index: number): this {
    return this.emit(0x22, ...uleb(index));
  }
  call(func: number): this {
    return this.emit(0x10, ...uleb(func));
  }
  i32Const(value: number): this {
    return this.emit(0x41, ...sleb(value));
  }
  i64Const(value: number): this {
    return this.emit(0x42, ...sleb(value));
  }
  /** Natural alignment (2^3) and a constant offset added to the address on the stack. */
  i64Load(offset: number): this {
    return this.emit(0x29, 3, ...uleb(offset));
  }
  i64Store(offset: number): this {
    return this.emit(0x37, 3, ...uleb(offset));
  }
  /** Natural alignment (2^2) and a constant offset added to the address on the stack. */
  i32Load(offset: number): this {
    return this.emit(0x28, 2, ...uleb(offset));
  }
  i32Store(offset: number): this {
    return this.emit(0x36, 2, ...uleb(offset));
  }
  /** Byte access (alignment 2^0). */
  i32Load8U(offset: number): this {
    return this.emit(0x2d, 0, ...uleb(offset));
  }
  i32Store8(offset: number): this {
    return this.emit(0x3a, 0, ...uleb(offset));
  }
  i32Eqz(): this {
    return this.emit(0x45);
  }
  i32LtU(): this {
    return this.emit(0x49);
  }
  i64LtU(): this {
    return this.emit(0x54);
  }
  i32Add(): this {
    return this.emit(0x6a);
  }
  i32Sub(): this {
    return this.emit(0x6b);
  }
  i32And(): this {
    return this.emit(0x71);
  }
  i32Or(): this {
    return this.emit(0x72);
  }
  i32Shl(): this {
    return this.emit(0x74);
  }
  i32ShrU(): this {
    return this.emit(0x76);
  }
  i32Xor(): this {
    return this.emit(0x73);
  }
  i64Add(): this {
    return this.emit(0x7c);
  }
  i64Xor(): this {
    return this.emit(0x85);
  }
  i64ShrU(): this {
    return this.emit(0x88);
  }
  i32WrapI64(): this {
    return this.emit(0xa7);
  }
  i64ExtendI32U(): this {
    return this.emit(0xad);
  }
  /** Structured control without results (block type ε). */
  block(): this {
    return this.emit(0x02, 0x40);
  }
  loop(): this {
    return this.emit(0x03, 0x40);
  }
  br(depth: number): this {
    return this.emit(0x0c, ...uleb(depth));
  }
  brIf(depth: number): this {
    return this.emit(0x0d, ...uleb(depth));
  }
  end(): this {
    return this.emit(0x0b);
  }
}

export interface FunctionDef {
  params: ValueType[];
  locals: ValueType[];
  code: Code;
  /** Exported under this name when given. */
  export?: string;
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/** Names are ASCII here, so characters are bytes. */
function name(text: string): number[] {
  return [...uleb(text.length), ...[...text].map((c) => c.charCodeAt(0))];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function encodeLocals(locals: ValueType[]): number[] {
  const runs: number[][] = [];
  for (let i = 0; i < locals.length;) {
    let j = i;
    while (j < locals.length && locals[j] === locals[i]) j++;
    runs.push([...uleb(j - i), locals[i]!]);
    i = j;
  }
  return vector(runs);
}

/**
 * A module of functions without results, one memory of `pages` 64 KiB pages exported as
 * "memory", and each function exported under its name. Functions call each other by their index
 * in `functions`.
 */
export function encodeModule(functions: FunctionDef[], pages: number): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((p) => [p])), 0]);
  // Export kinds: 0x00 function, 0x02 memory.
  const exports = [[...name("memory"), 0x02, 0], ...functions.flatMap((f, index) => (f.export ? [[...name(f.export), 0x00, ...uleb(index)]] : []))];
  const bodies = functions.map((f) => {
    const body = [...encodeLocals(f.locals), ...f.code.bytes, 0x0b];
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vector(types)),
    ...section(3, vector(functions.map((_, index) => uleb(index)))),
    ...section(5, vector([[0x00, ...uleb(pages)]])),
    ...section(7, vector(exports)),
    ...section(10, vector(bodies)),
  ]);
}
