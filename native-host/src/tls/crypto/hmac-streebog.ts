import { Streebog } from "../../../../shared/crypto/streebog.ts";
import { requireBytes } from "./checks.ts";

/**
 * HMAC (RFC 2104) over Streebog-256 and Streebog-512, as R 50.1.113-2016 §4.1 defines
 * HMAC_GOSTR3411_2012_256/512: block size 64 bytes, a longer key is hashed first.
 */

const BLOCK = 64;

function hmac(bits: 256 | 512, key: Uint8Array, parts: readonly Uint8Array[]): Uint8Array {
  requireBytes("HMAC key", key);
  const k = new Uint8Array(BLOCK);
  k.set(key.length > BLOCK ? new Streebog(bits).update(key).digest() : key);
  const pad = new Uint8Array(BLOCK);
  for (let i = 0; i < BLOCK; i++) pad[i] = k[i]! ^ 0x36;
  const inner = new Streebog(bits).update(pad);
  for (const part of parts) {
    requireBytes("HMAC data", part);
    inner.update(part);
  }
  const innerDigest = inner.digest();
  for (let i = 0; i < BLOCK; i++) pad[i] = k[i]! ^ 0x5c;
  return new Streebog(bits).update(pad).update(innerDigest).digest();
}

export function hmacStreebog256(key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(256, key, [data]);
}

export function hmacStreebog512(key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(512, key, [data]);
}

/** HMAC-Streebog-256 over the concatenation of parts, without building it. */
export function hmacStreebog256Parts(key: Uint8Array, parts: readonly Uint8Array[]): Uint8Array {
  return hmac(256, key, parts);
}
