import { streebog256, streebog512 } from "../../../../shared/crypto/streebog.ts";
import type { GostCurve } from "../../../../shared/crypto/gost3410-params.ts";
import { isOnCurve, multiplyPoint, type AffinePoint } from "../../../../shared/crypto/gost3410.ts";

/**
 * VKO_GOSTR3410_2012_256/512 (RFC 7836 §4.3, R 50.1.113-2016 §4.3), as gost-engine's
 * VKO_compute_key: K = Streebog(LE(x) ‖ LE(y)) of the point (h · (UKM · d mod q)) · Q, h the
 * cofactor (4 for TC26-256-A and TC26-512-C, else 1). In software ONLY for the client's
 * ephemeral key; the token derives with a user's key.
 */

/** The cofactor n/q: by Hasse's bound n is within 2√p of p + 1, so rounding (p + 1)/q gives it. */
export function cofactor(curve: GostCurve): bigint {
  return (curve.p + 1n + curve.q / 2n) / curve.q;
}

function littleEndian(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0, v = value; i < length; i++, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

export function vko2012(curve: GostCurve, privateScalar: bigint, peerPublic: AffinePoint, ukm: bigint, hashBits: 256 | 512): Uint8Array {
  if (hashBits !== 256 && hashBits !== 512) throw new RangeError(`VKO: unsupported hash size ${String(hashBits)}`);
  if (privateScalar <= 0n || privateScalar >= curve.q) throw new RangeError("VKO: the private scalar must lie in [1, q − 1]");
  if (ukm <= 0n) throw new RangeError("VKO: UKM must be a positive integer");
  if (!isOnCurve(peerPublic, curve)) throw new RangeError("VKO: the peer's public key is not a point of the curve");
  const scalar = ((ukm * privateScalar) % curve.q) * cofactor(curve);
  const shared = multiplyPoint(curve, scalar, peerPublic);
  if (shared === null) throw new RangeError("VKO: the shared point is the point at infinity");
  const serialized = new Uint8Array(2 * curve.size);
  serialized.set(littleEndian(shared.x, curve.size));
  serialized.set(littleEndian(shared.y, curve.size), curve.size);
  return hashBits === 256 ? streebog256(serialized) : streebog512(serialized);
}
