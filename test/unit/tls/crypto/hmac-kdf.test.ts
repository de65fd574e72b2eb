import { afterAll, describe, expect, it } from "vitest";
import { hmacStreebog256, hmacStreebog512 } from "../../../../native-host/src/tls/crypto/hmac-streebog.ts";
import { kdf256, kdfTree256 } from "../../../../native-host/src/tls/crypto/kdf.ts";
import { tlsPrfGost256 } from "../../../../native-host/src/tls/crypto/prf.ts";
import { tlsTree } from "../../../../native-host/src/tls/crypto/tlstree.ts";
import { gostOpenssl } from "../../x509/openssl-gost.ts";
import { opensslJudge } from "./openssl-judge.ts";
import { fromHex, seededBytes, toHex } from "./vectors.ts";

// R 50.1.113-2016 / RFC 7836 appendix A.1: key K, message T = 01 ‖ label ‖ 00 ‖ seed ‖ 01 00.
const K = fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
const LABEL = fromHex("26bdb878");
const SEED = fromHex("af21434145656378");
const T = fromHex("0126bdb87800af214341456563780100");

const judge = opensslJudge();
const openssl = gostOpenssl();
afterAll(() => {
  judge.dispose();
  openssl.dispose();
});

describe("HMAC-Streebog", () => {
  it("matches RFC 7836 A.1.1 and A.1.2", () => {
    expect(toHex(hmacStreebog256(K, T))).toBe("a1aa5f7de402d7b3d323f2991c8d4534013137010a83754fd0af6d7cd4922ed9");
    expect(toHex(hmacStreebog512(K, T))).toBe(
      "a59bab22ecae19c65fbde6e5f4e9f5d8549d31f037f9df9b905500e171923a773d5f1530f2ed7e964cb2eedc29e9ad2f3afe93b2814f79f5000ffc0366c251e6",
    );
  });

  it.each([256, 512] as const)("agrees with openssl dgst -mac hmac for keys shorter, equal to and longer than a block (%i)", (bits) => {
    for (const keyLength of [1, 32, 64, 65, 200]) {
      const key = seededBytes(keyLength, keyLength);
      const data = seededBytes(keyLength + 1, 333);
      const expected = judge.mac([`-md_gost12_${bits}`, "-mac", "hmac", "-macopt", `hexkey:${toHex(key)}`], data);
      const ours = bits === 256 ? hmacStreebog256(key, data) : hmacStreebog512(key, data);
      expect(toHex(ours), `key of ${keyLength} bytes`).toBe(toHex(expected));
    }
  });
});

describe("KDF_GOSTR3411_2012_256 and KDF_TREE", () => {
  it("matches RFC 7836 A.1.3 (KDF_256 equals HMAC over T)", () => {
    expect(toHex(kdf256(K, LABEL, SEED))).toBe("a1aa5f7de402d7b3d323f2991c8d4534013137010a83754fd0af6d7cd4922ed9");
  });

  it("matches gost-engine's KDF_TREE example (R = 1, 64 bytes)", () => {
    expect(toHex(kdfTree256(K, LABEL, SEED, 1, 64))).toBe(
      "22b6837845c6bef65ea71672b265831086d3c76aebe6dae91cad51d83f79d16b" + "074c9330599d7f8d712fca54392f4ddde93751206b3584c8f43f9e6dc51531f9",
    );
  });

  it("rejects lengths it cannot produce", () => {
    expect(() => kdfTree256(K, LABEL, SEED, 1, 48)).toThrow(RangeError);
    expect(() => kdfTree256(K, LABEL, SEED, 1, 0)).toThrow(RangeError);
    expect(() => kdf256(new Uint8Array(16), LABEL, SEED)).toThrow(RangeError);
  });
});

describe("TLS PRF with HMAC-Streebog-256", () => {
  it("agrees with openssl kdf TLS1-PRF (P_hash) for lengths across HMAC blocks", () => {
    const secret = seededBytes(1, 48);
    const seed = seededBytes(2, 64);
    const label = "key expansion";
    for (const length of [12, 32, 48, 100, 136]) {
      const labelSeed = Buffer.concat([Buffer.from(label, "ascii"), seed]).toString("hex");
      const printed = openssl.run([
        "kdf",
        "-keylen",
        String(length),
        "-kdfopt",
        "digest:md_gost12_256",
        "-kdfopt",
        `hexsecret:${toHex(secret)}`,
        "-kdfopt",
        `hexseed:${labelSeed}`,
        "TLS1-PRF",
      ]);
      expect(toHex(tlsPrfGost256(secret, label, seed, length)), `length ${length}`).toBe(printed.trim().replace(/:/g, "").toLowerCase());
    }
  });

  it("rejects a negative length and a non-ASCII label", () => {
    expect(() => tlsPrfGost256(K, "x", SEED, -1)).toThrow(RangeError);
    expect(() => tlsPrfGost256(K, "ключ", SEED, 32)).toThrow(TypeError);
  });
});

// RFC 9189 appendix A.1.1: one root key, the resulting keys at each level boundary.
const RFC9189_ROOT = fromHex("00112233445566778899aabbcceeff0a112233445566778899aabbcceeff0a00");
const RFC9189_TLSTREE = {
  magma: [
    [0n, "19a76ed30f4d6d1f5b7263ec491ad83817c0b57d8a0356127140fb4f7425494d"],
    [4095n, "19a76ed30f4d6d1f5b7263ec491ad83817c0b57d8a0356127140fb4f7425494d"],
    [4096n, "fb30ee53cfcf89d748fc0c72ef160b8b53cbbbfd031282b026214ab2e07758ff"],
    [33554431n, "b85b36dc2282326bc035c572dc93f18d83aa0174f394209a513bb374dc0935ae"],
    [33554432n, "0fd7c09efdf8e81573eeccf86e4b95e3af7f34dab1177cfd7db97b6da906408a"],
    [274877906943n, "480f9972baf25d4c369a96af91bca4553f79d8f0c5618b19fd44cfdc57fa3733"],
    [274877906944n, "2528c1c6a8f0927bf2be27bb78d27f2146d65593b0c7173a06cb9d88df923265"],
  ],
  kuznyechik: [
    [0n, "19a76ed30f4d6d1f5b7263ec491ad83817c0b57d8a0356127140fb4f7425494d"],
    [63n, "19a76ed30f4d6d1f5b7263ec491ad83817c0b57d8a0356127140fb4f7425494d"],
    [64n, "aebe1ef418713bf044b9fcd9e572d437fb38b5d829567a6f7918396d9f4e096b"],
    [524287n, "6f18d4003ea2cb30f5fec193a234f07d7c4394987f50758de22b220d8a105106"],
    [524288n, "e54b16415b3b663e780b062d24f736c4495463c3a891e1fa46f7ae99fff9f378"],
    [4294967295n, "cf600904c71e7b88a49ac8e245774b3dbeedfb81de9a0e2f4e46c35607bc2f04"],
    [4294967296n, "16180b24645400b836143837d86aac93952ae3eb8244d5ec2ab02cff30781138"],
  ],
} as const;

describe("TLSTREE", () => {
  it.each(["magma", "kuznyechik"] as const)("matches RFC 9189 A.1.1 for %s at every level boundary", (kind) => {
    for (const [seq, expected] of RFC9189_TLSTREE[kind]) {
      expect(toHex(tlsTree(kind, RFC9189_ROOT, seq)), `seqnum ${seq}`).toBe(expected);
    }
  });

  it("matches gost-engine's Kuznyechik example (root FF…FF, seqnum 63)", () => {
    expect(toHex(tlsTree("kuznyechik", new Uint8Array(32).fill(0xff), 63n))).toBe("507642d958c520c6d7eef5ca8a5316d4f34b855d2dd4bcbf4e5bf0ff641a19ff");
  });

  it("gives the same keys with its per-root cache as computed from scratch, in any order", () => {
    const root = seededBytes(3, 32);
    const fresh = (kind: "kuznyechik" | "magma", seq: bigint) => tlsTree(kind, Uint8Array.from(root), seq);
    const seqs = [0n, 1n, 63n, 64n, 65n, 4095n, 4096n, 0x80000n, 5n, 0x1_0000_0000n, 0xffffffffffffffffn, 64n];
    for (const kind of ["kuznyechik", "magma"] as const) {
      for (const seq of seqs) expect(toHex(tlsTree(kind, root, seq)), `${kind} ${seq}`).toBe(toHex(fresh(kind, seq)));
    }
    // Changing the root's bytes in place must not return the old root's keys.
    const before = toHex(tlsTree("magma", root, 7n));
    root[0]! ^= 1;
    expect(toHex(tlsTree("magma", root, 7n))).not.toBe(before);
  });

  it("keeps a key for 64 Kuznyechik and 4096 Magma records", () => {
    const root = seededBytes(4, 32);
    expect(toHex(tlsTree("kuznyechik", root, 64n))).toBe(toHex(tlsTree("kuznyechik", root, 127n)));
    expect(toHex(tlsTree("kuznyechik", root, 63n))).not.toBe(toHex(tlsTree("kuznyechik", root, 64n)));
    expect(toHex(tlsTree("magma", root, 0n))).toBe(toHex(tlsTree("magma", root, 4095n)));
    expect(toHex(tlsTree("magma", root, 4095n))).not.toBe(toHex(tlsTree("magma", root, 4096n)));
  });

  it("rejects sequence numbers outside 64 bits", () => {
    expect(() => tlsTree("magma", K, -1n)).toThrow(RangeError);
    expect(() => tlsTree("magma", K, 1n << 64n)).toThrow(RangeError);
  });
});
