import { afterAll, describe, expect, it } from "vitest";
import { GOST_CURVES, type GostCurve } from "../../../../shared/crypto/gost3410-params.ts";
import { isOnCurve, multiplyPoint, type AffinePoint } from "../../../../shared/crypto/gost3410.ts";
import { generateEphemeralKey } from "../../../../native-host/src/tls/crypto/ephemeral.ts";
import { keg } from "../../../../native-host/src/tls/crypto/keg.ts";
import { cofactor, vko2012 } from "../../../../native-host/src/tls/crypto/vko.ts";
import { gostOpenssl, printedPoint } from "../../x509/openssl-gost.ts";
import { fromHex, seededBytes, toHex } from "./vectors.ts";

const littleEndian = (bytes: Uint8Array): bigint => BigInt(`0x${toHex(Uint8Array.from(bytes).reverse()) || "0"}`);
const curve = (oid: string): GostCurve => GOST_CURVES[oid]!;

// R 50.1.113-2016 A.9 and A.10 (gost-engine's test_derive.c): TC26-512-A keys, little-endian.
const A_PRIVATE = fromHex(`c990ecd972fce84ec4db022778f50fcac726f46708384b8d458304962d7147f8
  c2db41cef22c90b102f2968404f9b9be6d47c79692d81826b32b8daca43cb667`);
const B_PUBLIC = fromHex(`192fe183b9713a077253c72c8735de2ea42a3dbc66ea317838b65fa32523cd5e
  fca974eda7c863f4954d1147f1f2b25c395fce1c129175e876d132e94ed5a651
  04883b414c9b592ec4dc84826f07d0b6d9006dda176ce48c391e3f97d102e03b
  b598bf132a228a45f7201aba08fc524a2d77e43a362ab022ad4028f75bde3b79`);
const UKM = littleEndian(fromHex("1d80603c8544c727"));

const openssl = gostOpenssl();
afterAll(() => openssl.dispose());

/** OpenSSL's parameter-set names for gost2012 keys and the OIDs of their curves. */
const PARAMSETS = [
  { algorithm: "gost2012_256", paramset: "A", oid: "1.2.643.2.2.35.1" },
  { algorithm: "gost2012_256", paramset: "B", oid: "1.2.643.2.2.35.2" },
  { algorithm: "gost2012_256", paramset: "C", oid: "1.2.643.2.2.35.3" },
  { algorithm: "gost2012_256", paramset: "TCA", oid: "1.2.643.7.1.2.1.1.1" },
  { algorithm: "gost2012_512", paramset: "A", oid: "1.2.643.7.1.2.1.2.1" },
  { algorithm: "gost2012_512", paramset: "B", oid: "1.2.643.7.1.2.1.2.2" },
  { algorithm: "gost2012_512", paramset: "C", oid: "1.2.643.7.1.2.1.2.3" },
];

/** A key pair made by OpenSSL: our side's private scalar and the peer's public point. */
function opensslKeyPair(algorithm: string, paramset: string, name: string): { scalar: bigint; point: AffinePoint } {
  openssl.run(["genpkey", "-algorithm", algorithm, "-pkeyopt", `paramset:${paramset}`, "-out", `${name}.pem`]);
  openssl.run(["pkey", "-in", `${name}.pem`, "-pubout", "-out", `${name}.pub`]);
  const text = openssl.run(["pkey", "-in", `${name}.pem`, "-text", "-noout"]);
  const scalar = /Private key: ([0-9A-F]+)/.exec(text)?.[1];
  if (!scalar) throw new Error(`no private key in:\n${text}`);
  const { x, y } = printedPoint(text);
  return { scalar: BigInt(`0x${scalar}`), point: { x: BigInt(`0x${x}`), y: BigInt(`0x${y}`) } };
}

function opensslDerive(own: string, peer: string, ukm: Uint8Array): string {
  openssl.run(["pkeyutl", "-derive", "-inkey", `${own}.pem`, "-peerkey", `${peer}.pub`, "-pkeyopt", `ukmhex:${toHex(ukm)}`, "-out", "derived.bin"]);
  return toHex(openssl.read("derived.bin"));
}

describe("VKO GOST R 34.10-2012", () => {
  it("matches R 50.1.113-2016 A.9 (VKO-256) and A.10 (VKO-512)", () => {
    const c = curve("1.2.643.7.1.2.1.2.1");
    const peer = { x: littleEndian(B_PUBLIC.subarray(0, 64)), y: littleEndian(B_PUBLIC.subarray(64)) };
    expect(toHex(vko2012(c, littleEndian(A_PRIVATE), peer, UKM, 256))).toBe("c9a9a77320e2cc559ed72dce6f47e2192ccea95fa648670582c054c0ef36c221");
    expect(toHex(vko2012(c, littleEndian(A_PRIVATE), peer, UKM, 512))).toBe(
      "79f002a96940ce7bde3259a52e015297adaad84597a0d205b50e3e1719f97bfa7ee1d2661fa9979a5aa235b558a7e6d9f88f982dd63fc35a8ec0dd5e242d3bdf",
    );
  });

  it.each(PARAMSETS)("agrees with openssl pkeyutl -derive (8-byte UKM) on $algorithm $paramset", ({ algorithm, paramset, oid }) => {
    const ours = opensslKeyPair(algorithm, paramset, "a");
    const peer = opensslKeyPair(algorithm, paramset, "b");
    const ukm = seededBytes(oid.length, 8);
    // gost-engine hashes with Streebog-256 for 512-bit keys too in this mode.
    expect(toHex(vko2012(curve(oid), ours.scalar, peer.point, littleEndian(ukm), 256))).toBe(opensslDerive("a", "b", ukm));
  });

  it("knows the cofactor 4 curves", () => {
    expect(cofactor(curve("1.2.643.7.1.2.1.1.1"))).toBe(4n);
    expect(cofactor(curve("1.2.643.7.1.2.1.2.3"))).toBe(4n);
    expect(cofactor(curve("1.2.643.2.2.35.1"))).toBe(1n);
    expect(cofactor(curve("1.2.643.7.1.2.1.2.1"))).toBe(1n);
  });

  it("rejects a peer point off the curve, a zero scalar and a zero UKM", () => {
    const c = curve("1.2.643.2.2.35.1");
    const G = { x: c.x, y: c.y };
    expect(() => vko2012(c, 5n, { x: c.x, y: c.y + 1n }, 1n, 256)).toThrow(RangeError);
    expect(() => vko2012(c, 0n, G, 1n, 256)).toThrow(RangeError);
    expect(() => vko2012(c, 5n, G, 0n, 256)).toThrow(RangeError);
  });
});

describe("KEG (RFC 9189)", () => {
  // RFC 9189 A.1.3.1 (Magma suite, TC26-256-B) and A.1.3.2 (Kuznyechik suite, TC26-512-C, a
  // cofactor-4 curve): the server's and the ephemeral private keys, H, and K_EXP_MAC ‖ K_EXP_ENC.
  const H = fromHex("c3ef0428d4b7a1f4c5025f2e65dd2b2ea583aeefdb67c7f4214a6a298e99e325");
  it.each([
    {
      oid: "1.2.643.7.1.2.1.1.2",
      server: "5f308355dfd6a8acaee0837b100a3b1f6d63fb29b78ef27d3967757f0527144c",
      ephemeral: "a5c77c7482373de16ce4a6f73cce7f78471493ff2c0709b8b706c9e8a25e6c1e",
      expected: "2d8ba8c84cb232ff41f10c3ad924134223254f71e5696d3d29c3e4c9daa6b293849eb6340bffae6928a3c3e4ff92eccb1e8f0cf7a188368e6b748e52ea378b0c",
    },
    {
      oid: "1.2.643.7.1.2.1.2.3",
      server: "12fd7a70067479a0f66c59f9a25534adfbc7abfd3cc72d79806f8b402601644b3005ed365a2d8989a8ccae640d5fc08dd27dfbbfe137cf528e1ac6d445192e01",
      ephemeral: "150acd11b66dd695ad18418fa7a2dc636b7e29dca24536aabc826ee3175bb1fadc3aa0d01d3092e120b0fcf7eb872f4b7e26ea17849d689222a48cf95a6e4831",
      expected: "7dac56e48a4dc170faa8fcbae20db845450cccc4c6328bdc8d01157cefa2a5f11f1cbad8866166f01ffaab0152e24bf4609d5f46a5c899c787900d08b9fcad24",
    },
  ])("matches the RFC 9189 example on $oid, from either side", ({ oid, server, ephemeral, expected }) => {
    const c = curve(oid);
    const G = { x: c.x, y: c.y };
    const serverScalar = BigInt(`0x${server}`);
    const ephemeralScalar = BigInt(`0x${ephemeral}`);
    const serverPublic = multiplyPoint(c, serverScalar, G)!;
    const ephemeralPublic = multiplyPoint(c, ephemeralScalar, G)!;
    expect(toHex(keg(c, ephemeralScalar, serverPublic, H))).toBe(expected);
    expect(toHex(keg(c, serverScalar, ephemeralPublic, H))).toBe(expected);
  });

  it.each(PARAMSETS)("agrees with openssl pkeyutl -derive (32-byte UKM) on $algorithm $paramset", ({ algorithm, paramset, oid }) => {
    const ours = opensslKeyPair(algorithm, paramset, "a");
    const peer = opensslKeyPair(algorithm, paramset, "b");
    const h = seededBytes(oid.length + 100, 32);
    expect(toHex(keg(curve(oid), ours.scalar, peer.point, h))).toBe(opensslDerive("a", "b", h));
  });

  it("rejects an H that is not 32 bytes", () => {
    const c = curve("1.2.643.2.2.35.1");
    expect(() => keg(c, 5n, { x: c.x, y: c.y }, new Uint8Array(16))).toThrow(RangeError);
  });
});

describe("ephemeral keys", () => {
  it("are points of the curve with scalars in [1, q − 1], different every time", () => {
    for (const { oid } of PARAMSETS) {
      const c = curve(oid);
      const a = generateEphemeralKey(c);
      const b = generateEphemeralKey(c);
      expect(isOnCurve(a.publicPoint, c)).toBe(true);
      expect(a.scalar > 0n && a.scalar < c.q).toBe(true);
      expect(a.scalar).not.toBe(b.scalar);
    }
  });

  it("agree on a key with each other through VKO, as two parties must", () => {
    const c = curve("1.2.643.7.1.2.1.1.1");
    const a = generateEphemeralKey(c);
    const b = generateEphemeralKey(c);
    expect(toHex(vko2012(c, a.scalar, b.publicPoint, 7n, 256))).toBe(toHex(vko2012(c, b.scalar, a.publicPoint, 7n, 256)));
  });
});
