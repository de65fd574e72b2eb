import { describe, expect, it } from "vitest";
import type { BlockCipher } from "../../../../native-host/src/tls/crypto/block-cipher.ts";
import { CtrStream } from "../../../../native-host/src/tls/crypto/ctr.ts";
import { kuznyechik } from "../../../../native-host/src/tls/crypto/kuznyechik.ts";
import { Omac } from "../../../../native-host/src/tls/crypto/omac.ts";
import { seededBytes, toHex } from "./vectors.ts";

/** The same key without the WebAssembly loops, so the modes take their TypeScript paths. */
function typescriptOnly(cipher: BlockCipher): BlockCipher {
  const { bulk: _bulk, ...rest } = cipher;
  return rest;
}

describe("Kuznyechik's WebAssembly loops", () => {
  const key = seededBytes(1, 32);
  const cipher = kuznyechik(key);

  it("are there in Node", () => {
    expect(cipher.bulk).toBeDefined();
  });

  it("give the CTR gamma of the TypeScript cipher, records of any size", () => {
    const iv = seededBytes(2, 8);
    const data = seededBytes(3, 50_000);
    const fast = new CtrStream(cipher, iv);
    const slow = new CtrStream(typescriptOnly(cipher), iv);
    for (let p = 0, size = 1; p < data.length; p += size, size = (size * 7 + 3) % 20_000) {
      const record = data.subarray(p, p + size);
      expect(toHex(fast.process(record))).toBe(toHex(slow.process(record)));
    }
  });

  it("carry the counter across bytes the way the TypeScript increment does", () => {
    const counter = Uint8Array.from([...seededBytes(4, 13), 0xff, 0xff, 0xfe]);
    const blocks = 5;
    const data = seededBytes(5, 16 * blocks);
    const viaWasm = new Uint8Array(data.length);
    const wasmCounter = Uint8Array.from(counter);
    cipher.bulk!.ctr(wasmCounter, data, 0, viaWasm, 0, blocks);
    const expected = new Uint8Array(data.length);
    const tsCounter = Uint8Array.from(counter);
    for (let b = 0; b < blocks; b++) {
      const gamma = cipher.encryptBlock(tsCounter);
      for (let i = 0; i < 16; i++) expected[16 * b + i] = data[16 * b + i]! ^ gamma[i]!;
      for (let i = 15; i >= 0 && ++tsCounter[i]! === 256; i--) tsCounter[i] = 0;
    }
    expect(toHex(viaWasm)).toBe(toHex(expected));
    expect(toHex(wasmCounter)).toBe(toHex(tsCounter));
    const wrapped = new Uint8Array(16).fill(0xff);
    cipher.bulk!.ctr(wrapped, new Uint8Array(16), 0, new Uint8Array(16), 0, 1);
    expect(toHex(wrapped)).toBe("00".repeat(16));
  });

  it("give the OMAC of the TypeScript cipher", () => {
    for (const length of [17, 4096, 70_001]) {
      const data = seededBytes(length, length);
      const fast = new Omac(cipher).update(data).digest();
      const slow = new Omac(typescriptOnly(cipher)).update(data).digest();
      expect(toHex(fast), `length ${length}`).toBe(toHex(slow));
    }
  });
});
