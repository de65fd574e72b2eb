import { requireLength } from "./checks.ts";
import type { BlockCipher } from "./block-cipher.ts";
import { CtrStream } from "./ctr.ts";
import { Gost89Imit } from "./gost89-imit.ts";
import type { Gost89Sbox } from "./gost89-sboxes.ts";
import { gost89, gost89KeyWords } from "./gost89.ts";
import { Omac } from "./omac.ts";
import { writeLE } from "./words.ts";

/**
 * Key wrapping for the two TLS key exchanges:
 * - the CryptoPro key wrap of RFC 4357 §6.3 (with the KEK diversification of §6.5), which
 *   wraps the premaster secret in the GOST2012-GOST8912-GOST8912 suite;
 * - KExp15/KImp15 of R 1323565.1.017-2018 (RFC 9189 §8.2.1), which export it in the
 *   Kuznyechik and Magma CTR-OMAC suites.
 */

/** RFC 4357 §6.5: eight rounds, each a CFB encryption of the key under itself with an IV of two sums of key words chosen by the UKM's bits. */
export function cryptoProKeyDiversify(kek: Uint8Array, ukm: Uint8Array, sbox: Gost89Sbox): Uint8Array {
  requireLength("KEK", kek, 32);
  requireLength("UKM", ukm, 8);
  let key = Uint8Array.from(kek);
  for (let i = 0; i < 8; i++) {
    const words = gost89KeyWords(key);
    let s1 = 0;
    let s2 = 0;
    for (let j = 0; j < 8; j++) {
      if ((ukm[i]! >>> j) & 1) s1 = (s1 + words[j]!) | 0;
      else s2 = (s2 + words[j]!) | 0;
    }
    const iv = new Uint8Array(8);
    writeLE(iv, 0, s1);
    writeLE(iv, 4, s2);
    const cipher = gost89(key, sbox);
    const next = new Uint8Array(32);
    let feedback = iv;
    for (let b = 0; b < 32; b += 8) {
      const gamma = cipher.encryptBlock(feedback);
      for (let k = 0; k < 8; k++) next[b + k] = key[b + k]! ^ gamma[k]!;
      feedback = next.subarray(b, b + 8);
    }
    key = next;
  }
  return key;
}

export interface CryptoProWrappedKey {
  readonly ukm: Uint8Array;
  /** The CEK encrypted in ECB under the diversified KEK. */
  readonly encryptedKey: Uint8Array;
  /** The 4-byte GOST 28147-89 MAC of the CEK under the diversified KEK, starting from the UKM. */
  readonly mac: Uint8Array;
}

function cekMac(kek: Uint8Array, ukm: Uint8Array, cek: Uint8Array, sbox: Gost89Sbox): Uint8Array {
  const imit = new Gost89Imit(kek, sbox, false, ukm);
  imit.update(cek);
  return imit.digest();
}

export function cryptoProKeyWrap(kek: Uint8Array, cek: Uint8Array, ukm: Uint8Array, sbox: Gost89Sbox): CryptoProWrappedKey {
  requireLength("CEK", cek, 32);
  const diversified = cryptoProKeyDiversify(kek, ukm, sbox);
  const cipher = gost89(diversified, sbox);
  const encryptedKey = new Uint8Array(32);
  for (let b = 0; b < 32; b += 8) cipher.encryptInto(cek, b, encryptedKey, b);
  return { ukm: Uint8Array.from(ukm), encryptedKey, mac: cekMac(diversified, ukm, cek, sbox) };
}

function equalInConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** RFC 4357 §6.4; throws when the MAC does not match, so a forged or damaged key is never used. */
export function cryptoProKeyUnwrap(kek: Uint8Array, wrapped: CryptoProWrappedKey, sbox: Gost89Sbox): Uint8Array {
  requireLength("wrapped CEK", wrapped.encryptedKey, 32);
  requireLength("wrapped CEK MAC", wrapped.mac, 4);
  const diversified = cryptoProKeyDiversify(kek, wrapped.ukm, sbox);
  const cipher = gost89(diversified, sbox);
  const cek = new Uint8Array(32);
  for (let b = 0; b < 32; b += 8) cek.set(cipher.decryptBlock(wrapped.encryptedKey.subarray(b, b + 8)), b);
  if (!equalInConstantTime(cekMac(diversified, wrapped.ukm, cek, sbox), wrapped.mac)) {
    cek.fill(0);
    throw new Error("CryptoPro key unwrap: the MAC does not match");
  }
  return cek;
}

/**
 * KExp15: OMAC (full block) under macCipher over IV ‖ key, then key ‖ MAC encrypted in CTR
 * under cipher with IV (half a block), as gost-engine's gost_kexp15.
 */
export function kexp15(cipher: BlockCipher, macCipher: BlockCipher, key: Uint8Array, iv: Uint8Array): Uint8Array {
  if (cipher.blockSize !== macCipher.blockSize) throw new RangeError("KExp15: the cipher and the MAC cipher must have the same block size");
  requireLength("KExp15 IV", iv, cipher.blockSize / 2);
  requireLength("KExp15 key", key, 32);
  const mac = new Omac(macCipher).update(iv).update(key).digest();
  const plain = new Uint8Array(32 + mac.length);
  plain.set(key);
  plain.set(mac, 32);
  return new CtrStream(cipher, iv).process(plain);
}

/** KImp15, the inverse of kexp15; throws when the MAC does not match. */
export function kimp15(cipher: BlockCipher, macCipher: BlockCipher, exported: Uint8Array, iv: Uint8Array): Uint8Array {
  if (cipher.blockSize !== macCipher.blockSize) throw new RangeError("KImp15: the cipher and the MAC cipher must have the same block size");
  requireLength("KImp15 IV", iv, cipher.blockSize / 2);
  requireLength("KImp15 exported key", exported, 32 + cipher.blockSize);
  const plain = new CtrStream(cipher, iv).process(exported);
  const key = plain.slice(0, 32);
  const mac = new Omac(macCipher).update(iv).update(key).digest();
  const ok = equalInConstantTime(mac, plain.subarray(32));
  plain.fill(0);
  if (!ok) {
    key.fill(0);
    throw new Error("KImp15: the MAC does not match");
  }
  return key;
}
