import { describe, expect, it } from "vitest";
import { gost89 } from "../../../../native-host/src/tls/crypto/gost89.ts";
import { GOST89_SBOXES } from "../../../../native-host/src/tls/crypto/gost89-sboxes.ts";
import { kuznyechik } from "../../../../native-host/src/tls/crypto/kuznyechik.ts";
import { magma } from "../../../../native-host/src/tls/crypto/magma.ts";
import { fromHex, seededBytes, toHex } from "./vectors.ts";

// GOST R 34.12-2015 A.1 / RFC 7801 §5 and GOST R 34.13-2015 A.1.1 (as in gost-engine's test_ciphers.c).
const KUZNYECHIK_KEY = fromHex("8899aabbccddeeff0011223344556677fedcba98765432100123456789abcdef");
const KUZNYECHIK_ECB = [
  ["1122334455667700ffeeddccbbaa9988", "7f679d90bebc24305a468d42b9d4edcd"],
  ["00112233445566778899aabbcceeff0a", "b429912c6e0032f9285452d76718d08b"],
  ["112233445566778899aabbcceeff0a00", "f0ca33549d247ceef3f5a5313bd4b157"],
  ["2233445566778899aabbcceeff0a0011", "d0b09ccde830b9eb3a02c4c5aa8ada98"],
];

// GOST R 34.12-2015 A.2 / RFC 8891 A.2 and GOST R 34.13-2015 A.2.1.
const MAGMA_KEY = fromHex("ffeeddccbbaa99887766554433221100f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
const MAGMA_ECB = [
  ["fedcba9876543210", "4ee901e5c2d8ca3d"],
  ["92def06b3c130a59", "2b073f0494f372a0"],
  ["db54c704f8189d20", "de70e715d3556e48"],
  ["4a98fb2e67a8024c", "11d8d9e9eacfbc1e"],
  ["8912409b17b57e41", "7c68260996c67efb"],
];

describe("Kuznyechik", () => {
  const cipher = kuznyechik(KUZNYECHIK_KEY);
  it.each(KUZNYECHIK_ECB)("encrypts %s as the standard prints", (plain, expected) => {
    expect(toHex(cipher.encryptBlock(fromHex(plain)))).toBe(expected);
    expect(toHex(cipher.decryptBlock(fromHex(expected)))).toBe(plain);
  });

  it("decrypts what it encrypts, for seeded keys and blocks", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const c = kuznyechik(seededBytes(seed, 32));
      const block = seededBytes(1000 + seed, 16);
      expect(toHex(c.decryptBlock(c.encryptBlock(block)))).toBe(toHex(block));
    }
  });

  it("encryptInto writes at offsets, in place too", () => {
    const buffer = new Uint8Array(40);
    buffer.set(fromHex(KUZNYECHIK_ECB[0]![0]!), 3);
    cipher.encryptInto(buffer, 3, buffer, 3);
    expect(toHex(buffer.subarray(3, 19))).toBe(KUZNYECHIK_ECB[0]![1]);
  });
});

describe("Magma", () => {
  const cipher = magma(MAGMA_KEY);
  it.each(MAGMA_ECB)("encrypts %s as the standard prints", (plain, expected) => {
    expect(toHex(cipher.encryptBlock(fromHex(plain)))).toBe(expected);
    expect(toHex(cipher.decryptBlock(fromHex(expected)))).toBe(plain);
  });
});

describe("GOST 28147-89", () => {
  it("is Magma with the TC26-Z box and every byte string reversed, as gost-engine builds Magma", () => {
    // gost-engine runs Magma on its GOST 28147-89 core with the block's bytes reversed and
    // each key word read big-endian, i.e. every 4-byte word of the key byte-reversed.
    const reverseWords = (key: Uint8Array) => {
      const out = new Uint8Array(32);
      for (let w = 0; w < 8; w++) for (let b = 0; b < 4; b++) out[4 * w + b] = key[4 * w + 3 - b]!;
      return out;
    };
    const g = gost89(reverseWords(MAGMA_KEY), GOST89_SBOXES["tc26-z"]);
    for (const [plain, expected] of MAGMA_ECB) {
      const reversed = fromHex(plain!).reverse();
      expect(toHex(g.encryptBlock(reversed).reverse())).toBe(expected);
    }
  });

  it("decrypts what it encrypts under every S-box", () => {
    for (const sbox of Object.values(GOST89_SBOXES)) {
      const c = gost89(seededBytes(7, 32), sbox);
      const block = seededBytes(8, 8);
      expect(toHex(c.decryptBlock(c.encryptBlock(block)))).toBe(toHex(block));
    }
  });
});

describe("argument checks", () => {
  it("rejects keys and blocks of the wrong length", () => {
    expect(() => kuznyechik(new Uint8Array(31))).toThrow(RangeError);
    expect(() => magma(new Uint8Array(33))).toThrow(RangeError);
    expect(() => gost89(new Uint8Array(16), GOST89_SBOXES["cryptopro-a"])).toThrow(RangeError);
    expect(() => kuznyechik(KUZNYECHIK_KEY).encryptBlock(new Uint8Array(8))).toThrow(RangeError);
    expect(() => magma(MAGMA_KEY).decryptBlock(new Uint8Array(16))).toThrow(RangeError);
    expect(() => magma(MAGMA_KEY).encryptInto(new Uint8Array(8), 1, new Uint8Array(8), 0)).toThrow(RangeError);
    expect(() => kuznyechik("key" as unknown as Uint8Array)).toThrow(TypeError);
  });
});
