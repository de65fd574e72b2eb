import { afterAll, describe, expect, it } from "vitest";
import { Gost89CntStream } from "../../../../native-host/src/tls/crypto/gost89-cnt.ts";
import { Gost89Imit, gost89Imit } from "../../../../native-host/src/tls/crypto/gost89-imit.ts";
import { GOST89_SBOXES } from "../../../../native-host/src/tls/crypto/gost89-sboxes.ts";
import { gost89Bulk } from "../../../../native-host/src/tls/crypto/gost89-wasm.ts";
import { gost89 } from "../../../../native-host/src/tls/crypto/gost89.ts";
import { cryptoProKeyMeshing } from "../../../../native-host/src/tls/crypto/key-meshing.ts";
import { opensslJudge } from "./openssl-judge.ts";
import { inChunks, seededBytes, toHex } from "./vectors.ts";

// gost-engine's gost89-cnt and gost-mac use CryptoPro-A, gost89-cnt-12 and gost-mac-12 TC26-Z,
// all with CryptoPro key meshing.
const SUITES = [
  { sbox: GOST89_SBOXES["cryptopro-a"], cnt: "gost89-cnt", mac: "gost-mac" },
  { sbox: GOST89_SBOXES["tc26-z"], cnt: "gost89-cnt-12", mac: "gost-mac-12" },
];

/** Whole blocks run in WebAssembly by default; TypeScript alone must give the same. */
const ENGINES = [
  { engine: "WebAssembly", bulk: gost89Bulk() },
  { engine: "TypeScript", bulk: null },
];

const judge = opensslJudge();
afterAll(() => judge.dispose());

describe("GOST 28147-89 CNT with CryptoPro key meshing", () => {
  it("has its WebAssembly loops in Node", () => {
    expect(ENGINES[0]!.bulk).not.toBeNull();
  });

  it.each(SUITES)("agrees with openssl enc -$cnt over 10 meshings, in any chunking", ({ sbox, cnt }) => {
    const key = seededBytes(1, 32);
    const iv = seededBytes(2, 8);
    const data = seededBytes(3, 10 * 1024 + 77);
    const expected = toHex(judge.enc(cnt, key, iv, data));
    for (const { engine, bulk } of ENGINES) {
      expect(toHex(new Gost89CntStream(key, iv, sbox, true, bulk).process(data)), engine).toBe(expected);
      const stream = new Gost89CntStream(key, iv, sbox, true, bulk);
      expect(toHex(inChunks((c) => stream.process(c), data, [1, 1023, 8, 5, 2048, 3])), `${engine}, in chunks`).toBe(expected);
    }
  });

  it("without meshing equals the meshed stream for the first 1024 bytes only", () => {
    const { sbox } = SUITES[0]!;
    const key = seededBytes(4, 32);
    const iv = seededBytes(5, 8);
    const data = new Uint8Array(2048);
    const meshed = new Gost89CntStream(key, iv, sbox, true).process(data);
    const plain = new Gost89CntStream(key, iv, sbox, false).process(data);
    expect(toHex(plain.subarray(0, 1024))).toBe(toHex(meshed.subarray(0, 1024)));
    expect(toHex(plain.subarray(1024, 1032))).not.toBe(toHex(meshed.subarray(1024, 1032)));
  });

  it("rejects a wrong key or IV length", () => {
    expect(() => new Gost89CntStream(new Uint8Array(31), new Uint8Array(8), GOST89_SBOXES["tc26-z"], true)).toThrow(RangeError);
    expect(() => new Gost89CntStream(new Uint8Array(32), new Uint8Array(16), GOST89_SBOXES["tc26-z"], true)).toThrow(RangeError);
  });
});

describe("GOST 28147-89 MAC (imitovstavka)", () => {
  it.each(SUITES)("agrees with openssl dgst -mac $mac at every boundary, meshing included", ({ sbox, mac }) => {
    const key = seededBytes(6, 32);
    for (const length of [1, 3, 7, 8, 9, 16, 17, 1023, 1024, 1025, 1032, 1033, 5000]) {
      const data = seededBytes(length, length);
      const expected = toHex(judge.mac(["-mac", mac, "-macopt", `hexkey:${toHex(key)}`], data));
      expect(toHex(gost89Imit(key, sbox, data)), `length ${length}`).toBe(expected);
      for (const { engine, bulk } of ENGINES) {
        const whole = new Gost89Imit(key, sbox, true, null, bulk);
        whole.update(data);
        expect(toHex(whole.digest()), `length ${length}, ${engine}`).toBe(expected);
        const incremental = new Gost89Imit(key, sbox, true, null, bulk);
        inChunks((c) => (incremental.update(c), c), data, [8, 1, 13, 2000]);
        expect(toHex(incremental.digest()), `length ${length}, ${engine}, in chunks`).toBe(expected);
      }
    }
  });

  it.each(ENGINES)("copy() gives the MAC of the stream so far while the stream runs on ($engine)", ({ bulk }) => {
    const sbox = GOST89_SBOXES["tc26-z"];
    const key = seededBytes(11, 32);
    const data = seededBytes(12, 3000);
    const stream = new Gost89Imit(key, sbox, true, null, bulk);
    let done = 0;
    for (const cut of [5, 1030, 2999]) {
      stream.update(data.subarray(done, cut));
      done = cut;
      expect(toHex(stream.copy().digest()), `after ${cut} bytes`).toBe(toHex(gost89Imit(key, sbox, data.subarray(0, cut))));
    }
    stream.update(data.subarray(2999));
    expect(toHex(stream.digest())).toBe(toHex(gost89Imit(key, sbox, data)));
  });

  it("is single-use and checks its key and IV", () => {
    const mac = new Gost89Imit(new Uint8Array(32), GOST89_SBOXES["tc26-z"], true);
    mac.digest();
    expect(() => mac.digest()).toThrow();
    expect(() => mac.update(new Uint8Array(1))).toThrow();
    expect(() => new Gost89Imit(new Uint8Array(32), GOST89_SBOXES["tc26-z"], true, new Uint8Array(4))).toThrow(RangeError);
  });
});

describe("CryptoPro key meshing (RFC 4357 §2.3)", () => {
  it("decrypts the constant under the old key and encrypts the IV under the new one", () => {
    const sbox = GOST89_SBOXES["cryptopro-a"];
    const key = seededBytes(9, 32);
    const iv = seededBytes(10, 8);
    const meshed = cryptoProKeyMeshing(key, iv, sbox);
    // Encrypting the new key under the old one must give back RFC 4357's constant C.
    const old = gost89(key, sbox);
    const c = new Uint8Array(32);
    for (let i = 0; i < 32; i += 8) c.set(old.encryptBlock(meshed.key.subarray(i, i + 8)), i);
    expect(toHex(c)).toBe("6900722264c904238d3adb9646e92ac418feac9400ed0712c086dcc2ef4ca92b");
    expect(toHex(gost89(meshed.key, sbox).decryptBlock(meshed.iv!))).toBe(toHex(iv));
    expect(cryptoProKeyMeshing(key, null, sbox).iv).toBeNull();
  });
});
