import { randomBytes } from "node:crypto";
import type { GostCurve } from "../../../../shared/crypto/gost3410-params.ts";
import { multiplyPoint, type AffinePoint } from "../../../../shared/crypto/gost3410.ts";

/**
 * A fresh key pair on the server's curve for one handshake: the scalar is uniform in
 * [1, q − 1] (rejection sampling over the order's byte length, no modular bias).
 * Only ever for ephemeral keys; a user's key never leaves the token.
 */
export function generateEphemeralKey(curve: GostCurve): { scalar: bigint; publicPoint: AffinePoint } {
  const length = (curve.q.toString(16).length + 1) >> 1;
  const excess = BigInt(8 * length - curve.q.toString(2).length);
  for (;;) {
    const candidate = BigInt(`0x${randomBytes(length).toString("hex")}`) >> excess;
    if (candidate === 0n || candidate >= curve.q) continue;
    const publicPoint = multiplyPoint(curve, candidate, { x: curve.x, y: curve.y });
    if (publicPoint === null) throw new Error("ephemeral key generation reached the point at infinity");
    return { scalar: candidate, publicPoint };
  }
}
