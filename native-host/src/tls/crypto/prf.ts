import { requireBytes } from "./checks.ts";
import { hmacStreebog256, hmacStreebog256Parts } from "./hmac-streebog.ts";

/**
 * The TLS PRF of the GOST suites: P_hash (RFC 5246 §5) with HMAC-Streebog-256 over
 * label ‖ seed. gost-engine and CryptoPro use it in TLS 1.0 and 1.1 too, in place of the
 * MD5/SHA-1 PRF (RFC 9189 §4.1, draft-chudov-cryptopro-cptls).
 */
export function tlsPrfGost256(secret: Uint8Array, label: string, seed: Uint8Array, length: number): Uint8Array {
  requireBytes("PRF secret", secret);
  requireBytes("PRF seed", seed);
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`PRF length must be a non-negative integer, got ${length}`);
  if (!/^[\x20-\x7e]*$/.test(label)) throw new TypeError("PRF label must be printable ASCII");
  const labelSeed = new Uint8Array(label.length + seed.length);
  for (let i = 0; i < label.length; i++) labelSeed[i] = label.charCodeAt(i);
  labelSeed.set(seed, label.length);
  const out = new Uint8Array(length);
  let a: Uint8Array = labelSeed;
  for (let p = 0; p < length;) {
    a = hmacStreebog256(secret, a);
    const chunk = hmacStreebog256Parts(secret, [a, labelSeed]);
    out.set(chunk.subarray(0, Math.min(chunk.length, length - p)), p);
    p += chunk.length;
  }
  return out;
}
