import { afterAll, describe, expect, it } from "vitest";
import { GOST_CURVES, type GostCurve } from "../../../shared/crypto/gost3410-params.ts";
import { isOnCurve, multiplyPoint, type AffinePoint } from "../../../shared/crypto/gost3410.ts";
import { gostOpenssl, printedPoint } from "../x509/openssl-gost.ts";
import { seededBytes, toHex } from "../tls/crypto/vectors.ts";

/**
 * multiplyPoint's comb against an independent reference: affine double-and-add straight from
 * the group law, one inversion per operation, slow and obvious.
 */
function modP(value: bigint, p: bigint): bigint {
  const r = value % p;
  return r < 0n ? r + p : r;
}

function inverseModP(value: bigint, p: bigint): bigint {
  let [r0, r1, s0, s1] = [p, modP(value, p), 0n, 1n];
  while (r1 !== 0n) {
    const quotient = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - quotient * r1, s1, s0 - quotient * s1];
  }
  return modP(s0, p);
}

function addReference(P: AffinePoint | null, Q: AffinePoint | null, c: GostCurve): AffinePoint | null {
  if (!P) return Q;
  if (!Q) return P;
  const { p } = c;
  let slope: bigint;
  if (P.x === Q.x) {
    if (modP(P.y + Q.y, p) === 0n) return null;
    slope = modP((3n * P.x * P.x + c.a) * inverseModP(2n * P.y, p), p);
  } else {
    slope = modP((Q.y - P.y) * inverseModP(Q.x - P.x, p), p);
  }
  const x = modP(slope * slope - P.x - Q.x, p);
  return { x, y: modP(slope * (P.x - x) - P.y, p) };
}

function multiplyReference(c: GostCurve, k: bigint, P: AffinePoint): AffinePoint | null {
  let acc: AffinePoint | null = null;
  for (const bit of k.toString(2)) {
    acc = addReference(acc, acc, c);
    if (bit === "1") acc = addReference(acc, P, c);
  }
  return acc;
}

const scalarFrom = (seed: number, c: GostCurve): bigint => BigInt(`0x${toHex(seededBytes(seed, c.size))}`) % c.q;

const cofactorOf = (c: GostCurve): bigint => (c.p + 1n + c.q / 2n) / c.q;

describe("multiplyPoint (comb) against affine double-and-add", () => {
  for (const [oid, c] of Object.entries(GOST_CURVES)) {
    it(`agrees on ${oid} for the generator and another point, cached and not`, () => {
      const G = { x: c.x, y: c.y };
      const other = multiplyReference(c, scalarFrom(oid.length, c), G)!;
      const scalars = [1n, 2n, 3n, 63n, 64n, c.q - 1n, c.q + 1n, scalarFrom(1, c), scalarFrom(2, c), cofactorOf(c) * c.q - 1n];
      for (const P of [G, other]) {
        for (const k of scalars) {
          const expected = multiplyReference(c, k, P);
          expect(multiplyPoint(c, k, P)).toEqual(expected);
          expect(multiplyPoint(c, k, P)).toEqual(expected);
        }
      }
    });
  }

  it("gives the point at infinity for 0 and for the order", () => {
    const c = GOST_CURVES["1.2.643.2.2.35.1"]!;
    const G = { x: c.x, y: c.y };
    expect(multiplyPoint(c, 0n, G)).toBeNull();
    expect(multiplyPoint(c, c.q, G)).toBeNull();
  });

  it("stays right for a point whose table was dropped when more points than the cache holds came after it", () => {
    const c = GOST_CURVES["1.2.643.7.1.2.1.1.1"]!;
    const G = { x: c.x, y: c.y };
    const points = Array.from({ length: 20 }, (_, i) => multiplyReference(c, BigInt(i + 2), G)!);
    const k = scalarFrom(99, c);
    for (const P of [...points, points[0]!]) expect(multiplyPoint(c, k, P)).toEqual(multiplyReference(c, k, P));
  });

  it("refuses a negative scalar and one longer than the order plus the cofactor's bits", () => {
    const c = GOST_CURVES["1.2.643.2.2.35.1"]!;
    const G = { x: c.x, y: c.y };
    expect(() => multiplyPoint(c, -1n, G)).toThrow(RangeError);
    expect(() => multiplyPoint(c, 1n << 300n, G)).toThrow(RangeError);
  });
});

describe("multiplyPoint against OpenSSL's GOST engine", () => {
  const openssl = gostOpenssl();
  afterAll(() => openssl.dispose());

  it.each([
    { algorithm: "gost2012_256", paramset: "A", oid: "1.2.643.2.2.35.1" },
    { algorithm: "gost2012_256", paramset: "TCA", oid: "1.2.643.7.1.2.1.1.1" },
    { algorithm: "gost2012_512", paramset: "A", oid: "1.2.643.7.1.2.1.2.1" },
    { algorithm: "gost2012_512", paramset: "C", oid: "1.2.643.7.1.2.1.2.3" },
  ])("d·G is the public key of an OpenSSL key on $algorithm $paramset", ({ algorithm, paramset, oid }) => {
    const c = GOST_CURVES[oid]!;
    openssl.run(["genpkey", "-algorithm", algorithm, "-pkeyopt", `paramset:${paramset}`, "-out", "key.pem"]);
    const text = openssl.run(["pkey", "-in", "key.pem", "-text", "-noout"]);
    const d = BigInt(`0x${/Private key: ([0-9A-F]+)/.exec(text)![1]!}`);
    const { x, y } = printedPoint(text);
    const Q = multiplyPoint(c, d, { x: c.x, y: c.y })!;
    expect(isOnCurve(Q, c)).toBe(true);
    expect(Q).toEqual({ x: BigInt(`0x${x}`), y: BigInt(`0x${y}`) });
  });
});
