/**
 * Secrets of the GOST suites (RFC 9189 §4.2.2, and OpenSSL for the CryptoPro suite in every
 * version): the PRF is P_HMAC-Streebog-256 and the handshake hash Streebog-256, in TLS 1.0
 * and 1.1 as in 1.2.
 */
import { streebog256 } from "../../../shared/crypto/streebog.ts";
import { concat } from "./bytes.ts";
import { tlsPrfGost256 } from "./crypto/prf.ts";
import { ctrOmacIvLength } from "./ctr-omac-protection.ts";
import type { RecordCipher } from "./suites.ts";

export function masterSecret(premaster: Uint8Array, clientRandom: Uint8Array, serverRandom: Uint8Array): Uint8Array {
  return tlsPrfGost256(premaster, "master secret", concat(clientRandom, serverRandom), 48);
}

export interface DirectionKeys {
  macKey: Uint8Array;
  key: Uint8Array;
  iv: Uint8Array;
}

/** RFC 5246 §6.3 key block: both MAC keys, both encryption keys, both IVs. */
export function keyBlock(
  cipher: RecordCipher,
  master: Uint8Array,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
): { client: DirectionKeys; server: DirectionKeys } {
  const ivLength = cipher === "gost89" ? 8 : ctrOmacIvLength(cipher);
  const block = tlsPrfGost256(master, "key expansion", concat(serverRandom, clientRandom), 4 * 32 + 2 * ivLength);
  const at = (offset: number, length: number) => block.slice(offset, offset + length);
  return {
    client: { macKey: at(0, 32), key: at(64, 32), iv: at(128, ivLength) },
    server: { macKey: at(32, 32), key: at(96, 32), iv: at(128 + ivLength, ivLength) },
  };
}

/** verify_data is 12 bytes, but 32 in the RFC 9189 suites (§4.2.5; OpenSSL: SSL_kGOST18). */
export function finishedVerifyData(cipher: RecordCipher, master: Uint8Array, sender: "client" | "server", messages: Uint8Array): Uint8Array {
  return tlsPrfGost256(master, `${sender} finished`, streebog256(messages), cipher === "gost89" ? 12 : 32);
}
