import { afterAll, describe, expect, it } from "vitest";
import { CtrStream } from "../../../../native-host/src/tls/crypto/ctr.ts";
import { kuznyechik } from "../../../../native-host/src/tls/crypto/kuznyechik.ts";
import { magma } from "../../../../native-host/src/tls/crypto/magma.ts";
import { Omac, omac } from "../../../../native-host/src/tls/crypto/omac.ts";
import { opensslJudge } from "./openssl-judge.ts";
import { fromHex, inChunks, seededBytes, toHex } from "./vectors.ts";

// GOST R 34.13-2015 appendix A (gost-engine's test_ciphers.c for Kuznyechik; RFC 8891 key for Magma).
const K_KEY = fromHex("8899aabbccddeeff0011223344556677fedcba98765432100123456789abcdef");
const K_PLAIN = fromHex(`1122334455667700ffeeddccbbaa9988 00112233445566778899aabbcceeff0a
  112233445566778899aabbcceeff0a00 2233445566778899aabbcceeff0a0011`);
const K_CTR = `f195d8bec10ed1dbd57b5fa240bda1b885eee733f6a13e5df33ce4b33c45dee4
a5eae88be6356ed3d5e877f13564a3a5cb91fab1f20cbab6d1c6d15820bdba73`.replace(/\s/g, "");
const M_KEY = fromHex("ffeeddccbbaa99887766554433221100f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
const M_PLAIN = fromHex("92def06b3c130a59db54c704f8189d204a98fb2e67a8024c8912409b17b57e41");
const M_CTR = "4e98110c97b7b93c3e250d93d6e85d69136d868807b2dbef568eb680ab52a12d";

const judge = opensslJudge();
afterAll(() => judge.dispose());

describe("CTR (GOST R 34.13-2015 §4.4)", () => {
  it("matches A.1.2 (Kuznyechik) and A.2.2 (Magma)", () => {
    expect(toHex(new CtrStream(kuznyechik(K_KEY), fromHex("1234567890abcef0")).process(K_PLAIN))).toBe(K_CTR);
    expect(toHex(new CtrStream(magma(M_KEY), fromHex("12345678")).process(M_PLAIN))).toBe(M_CTR);
  });

  it("carries its state across calls split anywhere", () => {
    const stream = new CtrStream(kuznyechik(K_KEY), fromHex("1234567890abcef0"));
    expect(toHex(inChunks((c) => stream.process(c), K_PLAIN, [1, 15, 3, 16, 17, 0, 2]))).toBe(K_CTR);
  });

  it.each([
    ["kuznyechik-ctr", 16],
    ["magma-ctr", 8],
  ] as const)("agrees with openssl enc -%s on 70000 seeded bytes", (name, n) => {
    const key = seededBytes(n, 32);
    const iv = seededBytes(n + 2, n / 2);
    const data = seededBytes(n + 1, 70_000);
    const cipher = n === 16 ? kuznyechik(key) : magma(key);
    const stream = new CtrStream(cipher, iv);
    const ours = inChunks((c) => stream.process(c), data, [4096, 1, 1000, 33]);
    expect(toHex(ours)).toBe(toHex(judge.enc(name, key, iv, data)));
  });

  it("rejects an IV that is not half a block", () => {
    expect(() => new CtrStream(kuznyechik(K_KEY), new Uint8Array(16))).toThrow(RangeError);
    expect(() => new CtrStream(magma(M_KEY), new Uint8Array(8))).toThrow(RangeError);
  });
});

describe("OMAC (GOST R 34.13-2015 §5.6)", () => {
  it("matches A.1.6 and A.2.6 (the standard prints the first half of the block)", () => {
    expect(toHex(omac(kuznyechik(K_KEY), K_PLAIN)).slice(0, 16)).toBe("336f4d296059fbe3");
    expect(toHex(omac(magma(M_KEY), M_PLAIN)).slice(0, 8)).toBe("154e7210");
  });

  it.each([
    ["kuznyechik-mac", 16],
    ["magma-mac", 8],
  ] as const)("agrees with openssl dgst -mac %s for every length around block boundaries", (name, n) => {
    const key = seededBytes(100 + n, 32);
    const lengths = [0, 1, n - 1, n, n + 1, 2 * n, 2 * n + 3, 1000, 4096];
    for (const length of lengths) {
      const data = seededBytes(length, length);
      const expected = judge.mac(["-mac", name, "-macopt", `hexkey:${toHex(key)}`], data);
      const cipher = n === 16 ? kuznyechik(key) : magma(key);
      expect(toHex(omac(cipher, data)), `length ${length}`).toBe(toHex(expected));
      const incremental = new Omac(cipher);
      inChunks((c) => (incremental.update(c), c), data, [1, n, 7]);
      expect(toHex(incremental.digest()), `length ${length}, in chunks`).toBe(toHex(expected));
    }
  });

  it("is single-use", () => {
    const mac = new Omac(magma(M_KEY));
    mac.digest();
    expect(() => mac.digest()).toThrow();
    expect(() => mac.update(new Uint8Array(1))).toThrow();
  });
});
