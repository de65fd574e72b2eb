import type { GostCurve } from "../../../../shared/crypto/gost3410-params.ts";
import type { AffinePoint } from "../../../../shared/crypto/gost3410.ts";
import { requireLength } from "./checks.ts";
import { kdfTree256 } from "./kdf.ts";
import { vko2012 } from "./vko.ts";

/**
 * KEG of RFC 9189 (R 1323565.1.020-2018 §6.4.5.1) as gost-engine's gost_keg computes it, for
 * the client's ephemeral key: UKM is the integer whose little-endian bytes are H[0..16)
 * reversed (all-zero bytes become 00…01 first), then for 512-bit keys K_EXP = VKO-512, for
 * 256-bit keys K_EXP = KDF_TREE_256(VKO-256, "kdf tree", H[16..24), R = 1) of 64 bytes.
 * The result is K_EXP_MAC ‖ K_EXP_ENC.
 */

const KDF_TREE_LABEL = new TextEncoder().encode("kdf tree");

export function keg(curve: GostCurve, ephemeralScalar: bigint, peerPublic: AffinePoint, h: Uint8Array): Uint8Array {
  requireLength("KEG H", h, 32);
  const reversed = Uint8Array.from(h.subarray(0, 16)).reverse();
  if (reversed.every((b) => b === 0)) reversed[15] = 1;
  let ukm = 0n;
  for (let i = 15; i >= 0; i--) ukm = (ukm << 8n) | BigInt(reversed[i]!);
  if (curve.size === 64) return vko2012(curve, ephemeralScalar, peerPublic, ukm, 512);
  const k = vko2012(curve, ephemeralScalar, peerPublic, ukm, 256);
  return kdfTree256(k, KDF_TREE_LABEL, h.subarray(16, 24), 1, 64);
}
