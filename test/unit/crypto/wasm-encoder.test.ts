import { describe, expect, it } from "vitest";
import { Code, encodeModule, I32, sleb, uleb } from "../../../shared/crypto/wasm-encoder.ts";

describe("WebAssembly encoder", () => {
  it("writes LEB128 as the spec's examples do", () => {
    expect(uleb(0)).toEqual([0x00]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it("encodes a module the engine accepts and runs: memory, locals, loops and calls", () => {
    // store(address): writes 0x0123 as i64 at address. fill(count): calls store for addresses 0, 8, …
    const store = new Code().localGet(0).i64Const(0x0123).i64Store(0);
    const fill = new Code()
      .block()
      .loop()
      .localGet(0)
      .i32Eqz()
      .brIf(1)
      .localGet(0)
      .i32Const(1)
      .i32Sub()
      .localTee(0)
      .i32Const(3)
      .i32Shl()
      .call(0)
      .br(0)
      .end()
      .end();
    const bytes = encodeModule(
      [
        { params: [I32], locals: [], code: store },
        { params: [I32], locals: [], code: fill, export: "fill" },
      ],
      1,
    );
    expect(WebAssembly.validate(bytes)).toBe(true);
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    (exports.fill as (count: number) => void)(3);
    const words = new BigUint64Array((exports.memory as WebAssembly.Memory).buffer, 0, 4);
    expect([...words]).toEqual([0x0123n, 0x0123n, 0x0123n, 0n]);
  });
});
