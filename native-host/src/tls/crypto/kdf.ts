import { requireBytes, requireLength } from "./checks.ts";
import { hmacStreebog256Parts } from "./hmac-streebog.ts";

/**
 * KDF_TREE_GOSTR3411_2012_256 (R 50.1.113-2016 §4.5, RFC 7836 §4.5) as gost-engine's
 * gost_kdftree2012_256 encodes it: K(i) = HMAC-Streebog-256(K, [i]_R ‖ label ‖ 0x00 ‖ seed ‖ [L]),
 * i big-endian in r bytes, L the output length in bits, big-endian without leading zero bytes.
 */
export function kdfTree256(key: Uint8Array, label: Uint8Array, seed: Uint8Array, r: 1 | 2 | 3 | 4, length: number): Uint8Array {
  requireLength("KDF key", key, 32);
  requireBytes("KDF label", label);
  requireBytes("KDF seed", seed);
  if (![1, 2, 3, 4].includes(r)) throw new RangeError(`KDF_TREE counter width must be 1 to 4 bytes, got ${String(r)}`);
  if (!Number.isInteger(length) || length <= 0 || length % 32 !== 0) {
    throw new RangeError(`KDF_TREE output must be a positive multiple of 32 bytes, got ${length}`);
  }
  const blocks = length / 32;
  if (blocks >= 2 ** (8 * r)) throw new RangeError(`KDF_TREE: ${blocks} blocks do not fit a ${r}-byte counter`);
  const bits = length * 8;
  const lengthBytes: number[] = [];
  for (let v = bits; v > 0; v = Math.floor(v / 256)) lengthBytes.unshift(v % 256);
  const tail = Uint8Array.from(lengthBytes);
  const zero = new Uint8Array(1);
  const out = new Uint8Array(length);
  for (let i = 1; i <= blocks; i++) {
    const counter = new Uint8Array(r);
    for (let b = 0, v = i; b < r; b++, v >>>= 8) counter[r - 1 - b] = v & 255;
    out.set(hmacStreebog256Parts(key, [counter, label, zero, seed, tail]), 32 * (i - 1));
  }
  return out;
}

/** KDF_GOSTR3411_2012_256(K, label, seed) = HMAC-Streebog-256(K, 0x01 ‖ label ‖ 0x00 ‖ seed ‖ 0x01 0x00): KDF_TREE with one 32-byte block. */
export function kdf256(key: Uint8Array, label: Uint8Array, seed: Uint8Array): Uint8Array {
  return kdfTree256(key, label, seed, 1, 32);
}
