/**
 * GOST R 34.10-2012 signature verification (256 and 512 bit) with BigInt arithmetic.
 * Verification handles only public data, so the arithmetic need not be constant-time.
 *
 * Byte conventions are those of gost-engine, PKCS#11 tokens and CryptoPro (docs/gost-pkcs11.md#byte-order):
 * public key = LE(x) ‖ LE(y), digest = Streebog bytes as OpenSSL prints them read as a
 * little-endian integer, signature = s ‖ r with big-endian halves.
 */
import { GOST_CURVES, type GostCurve } from "./gost3410-params.ts";

export interface AffinePoint {
  readonly x: bigint;
  readonly y: bigint;
}

/** Jacobian coordinates (X/Z², Y/Z³) avoid one modular inversion per group operation. */
interface JacobianPoint {
  x: bigint;
  y: bigint;
  z: bigint;
}

const INFINITY: JacobianPoint = { x: 1n, y: 1n, z: 0n };

function mod(value: bigint, m: bigint): bigint {
  const r = value % m;
  return r < 0n ? r + m : r;
}

function invert(value: bigint, m: bigint): bigint {
  let [a, b] = [mod(value, m), m];
  let [x0, x1] = [1n, 0n];
  while (b !== 0n) {
    const t = a / b;
    [a, b] = [b, a - t * b];
    [x0, x1] = [x1, x0 - t * x1];
  }
  if (a !== 1n) throw new RangeError("value is not invertible");
  return mod(x0, m);
}

function double(P: JacobianPoint, c: GostCurve): JacobianPoint {
  const { p } = c;
  if (P.z === 0n || P.y === 0n) return INFINITY;
  const yy = (P.y * P.y) % p;
  const zz = (P.z * P.z) % p;
  const s = (4n * P.x * yy) % p;
  const m = (3n * P.x * P.x + c.a * ((zz * zz) % p)) % p;
  const x = mod(m * m - 2n * s, p);
  const y = mod(m * (s - x) - 8n * yy * yy, p);
  const z = (2n * P.y * P.z) % p;
  return { x, y, z };
}

/** P + Q where Q is affine (mixed addition); the only additions the ladder below needs. */
function addAffine(P: JacobianPoint, Q: AffinePoint, c: GostCurve): JacobianPoint {
  const { p } = c;
  if (P.z === 0n) return { x: Q.x, y: Q.y, z: 1n };
  const zz = (P.z * P.z) % p;
  const u2 = (Q.x * zz) % p;
  const s2 = (((Q.y * zz) % p) * P.z) % p;
  const h = mod(u2 - P.x, p);
  const r = mod(s2 - P.y, p);
  if (h === 0n) return r === 0n ? double(P, c) : INFINITY;
  const hh = (h * h) % p;
  const hhh = (hh * h) % p;
  const v = (P.x * hh) % p;
  const x = mod(r * r - hhh - 2n * v, p);
  const y = mod(r * (v - x) - P.y * hhh, p);
  const z = (P.z * h) % p;
  return { x, y, z };
}

function toAffine(P: JacobianPoint, p: bigint): AffinePoint | null {
  if (P.z === 0n) return null;
  const zi = invert(P.z, p);
  const zi2 = (zi * zi) % p;
  return { x: (P.x * zi2) % p, y: (((P.y * zi2) % p) * zi) % p };
}

/** u·G + v·Q by Shamir's trick: one shared doubling chain, P + Q precomputed. */
function twoScalarMultiply(u: bigint, G: AffinePoint, v: bigint, Q: AffinePoint, c: GostCurve): AffinePoint | null {
  const sum = toAffine(addAffine({ x: G.x, y: G.y, z: 1n }, Q, c), c.p);
  let acc = INFINITY;
  const bits = Math.max(u.toString(2).length, v.toString(2).length);
  for (let i = BigInt(bits - 1); i >= 0n; i--) {
    acc = double(acc, c);
    const ub = (u >> i) & 1n;
    const vb = (v >> i) & 1n;
    if (ub && vb) {
      if (sum) acc = addAffine(acc, sum, c);
    } else if (ub) acc = addAffine(acc, G, c);
    else if (vb) acc = addAffine(acc, Q, c);
  }
  return toAffine(acc, c.p);
}

/** Affine forms of Jacobian points (null for infinity) with one modular inversion for all (Montgomery's trick). */
function toAffineBatch(points: readonly JacobianPoint[], p: bigint): (AffinePoint | null)[] {
  const prefix: bigint[] = [];
  let product = 1n;
  for (const J of points) {
    prefix.push(product);
    if (J.z !== 0n) product = (product * J.z) % p;
  }
  let inverse = invert(product, p);
  const out: (AffinePoint | null)[] = new Array(points.length).fill(null);
  for (let j = points.length - 1; j >= 0; j--) {
    const J = points[j]!;
    if (J.z === 0n) continue;
    const zi = (inverse * prefix[j]!) % p;
    inverse = (inverse * J.z) % p;
    const zi2 = (zi * zi) % p;
    out[j] = { x: (J.x * zi2) % p, y: (((J.y * zi2) % p) * zi) % p };
  }
  return out;
}

/**
 * Lim–Lee comb: with teeth T_i = 2^(i·spacing)·P, entry m of the table is the sum of the T_i
 * whose bit i is set in m. k·P then takes `spacing` doublings and additions instead of one
 * doubling per bit of k. Building a table costs about one plain multiplication, so the first
 * use of a point costs what a windowed ladder did and every later use a third of it.
 */
const COMB_TEETH = 6;

interface Comb {
  readonly spacing: number;
  readonly table: readonly (AffinePoint | null)[];
}

function buildComb(P: AffinePoint, c: GostCurve): Comb {
  // Room for the order's length plus two bits: VKO multiplies by the cofactor (at most 4).
  const spacing = Math.ceil((c.q.toString(2).length + 2) / COMB_TEETH);
  const teeth: JacobianPoint[] = [{ x: P.x, y: P.y, z: 1n }];
  for (let i = 1; i < COMB_TEETH; i++) {
    let T = teeth[i - 1]!;
    for (let d = 0; d < spacing; d++) T = double(T, c);
    teeth.push(T);
  }
  const affineTeeth = toAffineBatch(teeth, c.p);
  const sums: JacobianPoint[] = [INFINITY];
  for (let m = 1; m < 1 << COMB_TEETH; m++) {
    const tooth = 31 - Math.clz32(m & -m);
    const rest = sums[m & (m - 1)]!;
    const T = affineTeeth[tooth];
    sums.push(T ? addAffine(rest, T, c) : rest);
  }
  return { spacing, table: toAffineBatch(sums, c.p) };
}

/**
 * Tables of the points multiplied lately, per curve: the generator (every ephemeral key) and
 * the servers' keys (every key agreement with the same server). Points are public; the bound
 * keeps a process that talks to many servers from growing.
 */
const COMBS_PER_CURVE = 16;
const combs = new WeakMap<GostCurve, Map<string, Comb>>();

function combFor(P: AffinePoint, c: GostCurve): Comb {
  let perCurve = combs.get(c);
  if (!perCurve) combs.set(c, (perCurve = new Map()));
  const key = `${P.x.toString(16)},${P.y.toString(16)}`;
  let comb = perCurve.get(key);
  if (comb) {
    perCurve.delete(key);
  } else {
    comb = buildComb(P, c);
    if (perCurve.size >= COMBS_PER_CURVE) perCurve.delete(perCurve.keys().next().value!);
  }
  perCurve.set(key, comb);
  return comb;
}

/**
 * k·P for a secret k (the TLS client's ephemeral key and its key agreement), by the comb
 * above: one doubling and one addition per column whatever the bits are (a column of zero
 * bits adds an entry and keeps the previous sum), so the sequence of group operations does
 * not depend on k. BigInt arithmetic itself is not constant-time; the README's security
 * section says so.
 */
export function multiplyPoint(c: GostCurve, k: bigint, P: AffinePoint): AffinePoint | null {
  if (k < 0n) throw new RangeError("scalar must not be negative");
  const { spacing, table } = combFor(P, c);
  const width = COMB_TEETH * spacing;
  if (k >> BigInt(width) !== 0n) throw new RangeError(`scalar must be shorter than ${width} bits`);
  const bits = k.toString(2).padStart(width, "0");
  let acc = INFINITY;
  for (let column = spacing - 1; column >= 0; column--) {
    acc = double(acc, c);
    let digit = 0;
    for (let i = 0; i < COMB_TEETH; i++) digit |= (bits.charCodeAt(width - 1 - (i * spacing + column)) & 1) << i;
    const entry = table[digit === 0 ? 1 : digit];
    const sum = entry ? addAffine(acc, entry, c) : acc;
    acc = digit !== 0 ? sum : acc;
  }
  return toAffine(acc, c.p);
}

export function isOnCurve(point: AffinePoint, c: GostCurve): boolean {
  const { x, y } = point;
  if (x < 0n || x >= c.p || y < 0n || y >= c.p) return false;
  return mod(y * y - (x * x * x + c.a * x + c.b), c.p) === 0n;
}

/**
 * The verification equation of GOST R 34.10-2012 §6.2 on integers, as the standard's own
 * examples state them; verifyGost is the byte-level entry point.
 */
export function verifyGostIntegers(c: GostCurve, Q: AffinePoint, e: bigint, r: bigint, s: bigint): boolean {
  const { q } = c;
  if (r <= 0n || r >= q || s <= 0n || s >= q) return false;
  if (!isOnCurve(Q, c)) return false;
  let em = mod(e, q);
  if (em === 0n) em = 1n;
  const v = invert(em, q);
  const z1 = (s * v) % q;
  const z2 = mod(-r * v, q);
  const C = twoScalarMultiply(z1, { x: c.x, y: c.y }, z2, Q, c);
  return C !== null && C.x % q === r;
}

function bigEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return value;
}

function littleEndian(bytes: Uint8Array): bigint {
  // A copy: on a Node Buffer, slice() is a view and reverse() would turn the caller's bytes around.
  return bigEndian(new Uint8Array(bytes).reverse());
}

export function gostCurve(paramSetOid: string): GostCurve {
  const curve = GOST_CURVES[paramSetOid];
  if (!curve) throw new RangeError(`unsupported GOST R 34.10 parameter set ${paramSetOid}`);
  return curve;
}

/**
 * Verifies a GOST R 34.10-2012 signature over a Streebog digest. Returns false for any
 * mismatch, including lengths that do not fit the curve; throws only for an unknown
 * parameter set, which is a question of support rather than of validity.
 */
export function verifyGost(paramSetOid: string, publicKey: Uint8Array, digest: Uint8Array, signature: Uint8Array): boolean {
  const c = gostCurve(paramSetOid);
  const n = c.size;
  if (publicKey.length !== 2 * n || digest.length !== n || signature.length !== 2 * n) return false;
  const Q = { x: littleEndian(publicKey.subarray(0, n)), y: littleEndian(publicKey.subarray(n)) };
  const s = bigEndian(signature.subarray(0, n));
  const r = bigEndian(signature.subarray(n));
  return verifyGostIntegers(c, Q, littleEndian(digest), r, s);
}
