import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeOid } from "../../../shared/der.ts";
import { streebog256, streebog512 } from "../../../shared/crypto/streebog.ts";
import { GOST_CURVES, type GostCurve } from "../../../shared/crypto/gost3410-params.ts";
import { isOnCurve, verifyGost, verifyGostIntegers } from "../../../shared/crypto/gost3410.ts";
import { openssl, type OpenSsl } from "../../softtoken/provision/openssl.ts";

/** OpenSSL's -pkeyopt paramset letters and the OID each must put into the SPKI. */
const PARAM_SETS = [
  { algorithm: "gost2012_256", letter: "A", oid: "1.2.643.2.2.35.1" },
  { algorithm: "gost2012_256", letter: "B", oid: "1.2.643.2.2.35.2" },
  { algorithm: "gost2012_256", letter: "C", oid: "1.2.643.2.2.35.3" },
  { algorithm: "gost2012_256", letter: "XA", oid: "1.2.643.2.2.36.0" },
  { algorithm: "gost2012_256", letter: "XB", oid: "1.2.643.2.2.36.1" },
  { algorithm: "gost2012_256", letter: "TCA", oid: "1.2.643.7.1.2.1.1.1" },
  { algorithm: "gost2012_256", letter: "TCB", oid: "1.2.643.7.1.2.1.1.2" },
  { algorithm: "gost2012_256", letter: "TCC", oid: "1.2.643.7.1.2.1.1.3" },
  { algorithm: "gost2012_256", letter: "TCD", oid: "1.2.643.7.1.2.1.1.4" },
  { algorithm: "gost2012_512", letter: "A", oid: "1.2.643.7.1.2.1.2.1" },
  { algorithm: "gost2012_512", letter: "B", oid: "1.2.643.7.1.2.1.2.2" },
  { algorithm: "gost2012_512", letter: "C", oid: "1.2.643.7.1.2.1.2.3" },
] as const;

interface Sample {
  publicKey: Uint8Array;
  digest: Uint8Array;
  signature: Uint8Array;
}

const workDir = mkdtempSync(join(tmpdir(), "gost3410-test-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(haystack).indexOf(Buffer.from(needle)) >= 0;
}

function flip(bytes: Uint8Array, index: number): Uint8Array {
  const out = bytes.slice();
  out[index] = out[index]! ^ 0x01;
  return out;
}

/** A fresh OpenSSL key on the set, and its signature over a message with `dgst -sign`. */
function sample(ssl: OpenSsl, algorithm: string, letter: string, oid: string): Sample {
  const name = `${algorithm}-${letter}`;
  const size = algorithm.endsWith("512") ? 64 : 32;
  ssl.run(["genpkey", "-algorithm", algorithm, "-pkeyopt", `paramset:${letter}`, "-out", `${name}.pem`]);
  const spki = new Uint8Array(ssl.run(["pkey", "-in", `${name}.pem`, "-pubout", "-outform", "DER"]));
  expect(contains(spki, encodeOid(oid)), `${name} SPKI names ${oid}`).toBe(true);
  const message = new TextEncoder().encode(`message signed on ${name}`);
  writeFileSync(join(workDir, `${name}.txt`), message);
  const md = size === 64 ? "-md_gost12_512" : "-md_gost12_256";
  const signature = new Uint8Array(ssl.run(["dgst", md, "-sign", `${name}.pem`, `${name}.txt`]));
  return {
    publicKey: spki.slice(spki.length - 2 * size),
    digest: size === 64 ? streebog512(message) : streebog256(message),
    signature,
  };
}

describe("verifyGost against OpenSSL's GOST engine", () => {
  const samples = new Map<string, Sample>();
  beforeAll(() => {
    const ssl = openssl(workDir);
    for (const { algorithm, letter, oid } of PARAM_SETS) samples.set(oid, sample(ssl, algorithm, letter, oid));
  }, 60_000);

  for (const { algorithm, letter, oid } of PARAM_SETS) {
    describe(`${algorithm} paramset ${letter} (${oid})`, () => {
      const get = (): Sample => samples.get(oid)!;

      it("accepts the OpenSSL signature", () => {
        const { publicKey, digest, signature } = get();
        expect(verifyGost(oid, publicKey, digest, signature)).toBe(true);
      });

      it("rejects a flipped bit in the signature's s and r halves", () => {
        const { publicKey, digest, signature } = get();
        expect(verifyGost(oid, publicKey, digest, flip(signature, 5))).toBe(false);
        expect(verifyGost(oid, publicKey, digest, flip(signature, signature.length - 1))).toBe(false);
      });

      it("rejects a flipped bit in the digest", () => {
        const { publicKey, digest, signature } = get();
        expect(verifyGost(oid, publicKey, flip(digest, 0), signature)).toBe(false);
      });

      it("rejects a flipped bit in the public key", () => {
        const { publicKey, digest, signature } = get();
        expect(verifyGost(oid, flip(publicKey, 3), digest, signature)).toBe(false);
      });

      it("rejects swapped halves (r‖s) and a reversed digest", () => {
        const { publicKey, digest, signature } = get();
        const half = signature.length / 2;
        const swapped = new Uint8Array([...signature.subarray(half), ...signature.subarray(0, half)]);
        expect(verifyGost(oid, publicKey, digest, swapped)).toBe(false);
        expect(verifyGost(oid, publicKey, digest.slice().reverse(), signature)).toBe(false);
      });
    });
  }
});

describe("verifyGost input checks", () => {
  it("leaves the caller's bytes alone, also when they are a view into a Node Buffer", () => {
    // Buffer.prototype.slice is a view: reversing its "copy" once turned certificates around.
    const der = Buffer.alloc(200, 7);
    der.set(
      Array.from({ length: 64 }, (_, i) => i),
      100,
    );
    const before = Buffer.from(der);
    verifyGost("1.2.643.2.2.36.0", der.subarray(100, 164), new Uint8Array(32).fill(1), new Uint8Array(64).fill(2));
    expect(der.equals(before)).toBe(true);
  });

  const oid = "1.2.643.2.2.35.1";
  const curve = GOST_CURVES[oid]!;
  const le = (value: bigint): Uint8Array => {
    const out = new Uint8Array(32);
    for (let i = 0; i < 32; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
    return out;
  };
  const be = (value: bigint): Uint8Array => le(value).reverse();
  const basePoint = new Uint8Array([...le(curve.x), ...le(curve.y)]);

  it("rejects r or s equal to zero or to q", () => {
    const digest = new Uint8Array(32).fill(7);
    for (const [s, r] of [
      [0n, 1n],
      [1n, 0n],
      [curve.q, 1n],
      [1n, curve.q],
    ] as const) {
      expect(verifyGost(oid, basePoint, digest, new Uint8Array([...be(s), ...be(r)]))).toBe(false);
    }
  });

  it("rejects wrong lengths and a key off the curve", () => {
    const sig = new Uint8Array(64).fill(1);
    expect(verifyGost(oid, basePoint, new Uint8Array(64), sig)).toBe(false);
    expect(verifyGost(oid, basePoint.subarray(1), new Uint8Array(32), sig)).toBe(false);
    expect(isOnCurve({ x: curve.x, y: curve.y + 1n }, curve)).toBe(false);
    expect(verifyGost(oid, flip(basePoint, 40), new Uint8Array(32), sig)).toBe(false);
  });

  it("throws for an unknown parameter set", () => {
    expect(() => verifyGost("1.2.643.2.2.35.0", basePoint, new Uint8Array(32), new Uint8Array(64))).toThrow(
      /unsupported GOST R 34.10 parameter set 1\.2\.643\.2\.2\.35\.0/,
    );
  });
});

/**
 * GOST R 34.10-2012 Appendix A (= RFC 7091 §7): the test curves and values, which the standard
 * states as integers, so the check runs on the verification equation itself.
 */
describe("GOST R 34.10-2012 Appendix A examples", () => {
  it("A.1: 256-bit example verifies, and fails with a changed e", () => {
    const curve: GostCurve = {
      p: 0x8000000000000000000000000000000000000000000000000000000000000431n,
      a: 7n,
      b: 0x5fbff498aa938ce739b8e022fbafef40563f6e6a3472fc2a514c0ce9dae23b7en,
      q: 0x8000000000000000000000000000000150fe8a1892976154c59cfc193accf5b3n,
      x: 2n,
      y: 0x08e2a8a0e65147d4bd6316030e16d19c85c97f0a9ca267122b96abbcea7e8fc8n,
      size: 32,
    };
    const Q = {
      x: 0x7f2b49e270db6d90d8595bec458b50c58585ba1d4e9b788f6689dbd8e56fd80bn,
      y: 0x26f1b489d6701dd185c8413a977b3cbbaf64d1c593d26627dffb101a87ff77dan,
    };
    const e = 0x2dfbc1b372d89a1188c09c52e0eec61fce52032ab1022e8e67ece6672b043ee5n;
    const r = 0x41aa28d2f1ab148280cd9ed56feda41974053554a42767b83ad043fd39dc0493n;
    const s = 0x01456c64ba4642a1653c235a98a60249bcd6d3f746b631df928014f6c5bf9c40n;
    expect(verifyGostIntegers(curve, Q, e, r, s)).toBe(true);
    expect(verifyGostIntegers(curve, Q, e + 1n, r, s)).toBe(false);
  });

  it("A.2: 512-bit example verifies, and fails with a changed e", () => {
    const curve: GostCurve = {
      p: 0x4531acd1fe0023c7550d267b6b2fee80922b14b2ffb90f04d4eb7c09b5d2d15df1d852741af4704a0458047e80e4546d35b8336fac224dd81664bbf528be6373n,
      a: 7n,
      b: 0x1cff0806a31116da29d8cfa54e57eb748bc5f377e49400fdd788b649eca1ac4361834013b2ad7322480a89ca58e0cf74bc9e540c2add6897fad0a3084f302adcn,
      q: 0x4531acd1fe0023c7550d267b6b2fee80922b14b2ffb90f04d4eb7c09b5d2d15da82f2d7ecb1dbac719905c5eecc423f1d86e25edbe23c595d644aaf187e6e6dfn,
      x: 0x24d19cc64572ee30f396bf6ebbfd7a6c5213b3b3d7057cc825f91093a68cd762fd60611262cd838dc6b60aa7eee804e28bc849977fac33b4b530f1b120248a9an,
      y: 0x2bb312a43bd2ce6e0d020613c857acddcfbf061e91e5f2c3f32447c259f39b2c83ab156d77f1496bf7eb3351e1ee4e43dc1a18b91b24640b6dbb92cb1add371en,
      size: 64,
    };
    const Q = {
      x: 0x115dc5bc96760c7b48598d8ab9e740d4c4a85a65be33c1815b5c320c854621dd5a515856d13314af69bc5b924c8b4ddff75c45415c1d9dd9dd33612cd530efe1n,
      y: 0x37c7c90cd40b0f5621dc3ac1b751cfa0e2634fa0503b3d52639f5d7fb72afd61ea199441d943ffe7f0c70a2759a3cdb84c114e1f9339fdf27f35eca93677beecn,
    };
    const e = 0x3754f3cfacc9e0615c4f4a7c4d8dab531b09b6f9c170c533a71d147035b0c5917184ee536593f4414339976c647c5d5a407adedb1d560c4fc6777d2972075b8cn;
    const r = 0x2f86fa60a081091a23dd795e1e3c689ee512a3c82ee0dcc2643c78eea8fcacd35492558486b20f1c9ec197c90699850260c93bcbcd9c5c3317e19344e173ae36n;
    const s = 0x1081b394696ffe8e6585e7a9362d26b6325f56778aadbc081c0bfbe933d52ff5823ce288e8c4f362526080df7f70ce406a6eeb1f56919cb92a9853bde73e5b4an;
    expect(isOnCurve({ x: curve.x, y: curve.y }, curve)).toBe(true);
    expect(verifyGostIntegers(curve, Q, e, r, s)).toBe(true);
    expect(verifyGostIntegers(curve, Q, e + 1n, r, s)).toBe(false);
  });
});
