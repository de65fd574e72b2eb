import { describe, expect, it } from "vitest";
import type { BlockCipher } from "../../../../native-host/src/tls/crypto/block-cipher.ts";
import { CtrStream } from "../../../../native-host/src/tls/crypto/ctr.ts";
import { kuznyechik, roundKeys } from "../../../../native-host/src/tls/crypto/kuznyechik.ts";
import { kuznyechikBulk } from "../../../../native-host/src/tls/crypto/kuznyechik-wasm.ts";
import { magma } from "../../../../native-host/src/tls/crypto/magma.ts";
import { Omac } from "../../../../native-host/src/tls/crypto/omac.ts";
import { seededBytes, toHex } from "./vectors.ts";

/** The same key without its whole-block loops, so the modes take their block-at-a-time paths. */
function blockAtATime(cipher: BlockCipher): BlockCipher {
  const { bulk: _bulk, ...rest } = cipher;
  return rest;
}

// Kuznyechik's loops run in WebAssembly, Magma's on 32-bit words in TypeScript.
describe.each([
  { name: "Kuznyechik", cipher: kuznyechik(seededBytes(1, 32)) },
  { name: "Magma", cipher: magma(seededBytes(1, 32)) },
])("$name's whole-block loops", ({ cipher }) => {
  const n = cipher.blockSize;

  it("are there", () => {
    expect(cipher.bulk).toBeDefined();
  });

  it("give the CTR gamma of the block-at-a-time path, records of any size", () => {
    const iv = seededBytes(2, n / 2);
    const data = seededBytes(3, 50_000);
    const fast = new CtrStream(cipher, iv);
    const slow = new CtrStream(blockAtATime(cipher), iv);
    for (let p = 0, size = 1; p < data.length; p += size, size = (size * 7 + 3) % 20_000) {
      const record = data.subarray(p, p + size);
      expect(toHex(fast.process(record))).toBe(toHex(slow.process(record)));
    }
  });

  it("carry the counter across bytes the way the byte-wise increment does", () => {
    const counter = Uint8Array.from([...seededBytes(4, n - 3), 0xff, 0xff, 0xfe]);
    const blocks = 5;
    const data = seededBytes(5, n * blocks);
    const viaBulk = new Uint8Array(data.length);
    const bulkCounter = Uint8Array.from(counter);
    cipher.bulk!.ctr(bulkCounter, data, 0, viaBulk, 0, blocks);
    const expected = new Uint8Array(data.length);
    const byteCounter = Uint8Array.from(counter);
    for (let b = 0; b < blocks; b++) {
      const gamma = cipher.encryptBlock(byteCounter);
      for (let i = 0; i < n; i++) expected[n * b + i] = data[n * b + i]! ^ gamma[i]!;
      for (let i = n - 1; i >= 0 && ++byteCounter[i]! === 256; i--) byteCounter[i] = 0;
    }
    expect(toHex(viaBulk)).toBe(toHex(expected));
    expect(toHex(bulkCounter)).toBe(toHex(byteCounter));
    const wrapped = new Uint8Array(n).fill(0xff);
    cipher.bulk!.ctr(wrapped, new Uint8Array(n), 0, new Uint8Array(n), 0, 1);
    expect(toHex(wrapped)).toBe("00".repeat(n));
  });

  it("give the OMAC of the block-at-a-time path", () => {
    for (const length of [17, 4096, 70_001]) {
      const data = seededBytes(length, length);
      const fast = new Omac(cipher).update(data).digest();
      const slow = new Omac(blockAtATime(cipher)).update(data).digest();
      expect(toHex(fast), `length ${length}`).toBe(toHex(slow));
    }
  });
});

describe("Kuznyechik's key schedule in WebAssembly", () => {
  it("gives the TypeScript schedule's round keys", () => {
    const bulk = kuznyechikBulk();
    expect(bulk).not.toBeNull();
    for (let seed = 0; seed < 8; seed++) {
      const key = seededBytes(100 + seed, 32);
      expect(Array.from(bulk!.expandKey(key)), `seed ${seed}`).toEqual(Array.from(roundKeys(key)));
    }
  });

  it("leaves the keys of one cipher in place for another's whole-block loops", () => {
    const [a, b] = [kuznyechik(seededBytes(7, 32)), kuznyechik(seededBytes(8, 32))];
    const data = seededBytes(9, 64);
    const viaA = new Omac(blockAtATime(a)).update(data).digest();
    // b's schedule was expanded last; a's loop must still run under a's keys.
    expect(toHex(new Omac(a).update(data).digest())).toBe(toHex(viaA));
    expect(toHex(new Omac(b).update(data).digest())).not.toBe(toHex(viaA));
  });
});
