/**
 * How the client proves it holds the key of its certificate. CryptoPro suite: by agreeing the
 * key exchange KEK with its static key on the token when that key is on the server key's
 * curve, as gost-engine's server accepts without CertificateVerify. Otherwise (and always in
 * the RFC 9189 suites): CertificateVerify, a signature made on the token over the Streebog
 * hash of the handshake so far, with the hash as long as the key (OpenSSL's GOST signature
 * schemes), sent with its bytes reversed as OpenSSL does for GOST.
 */
import { streebog256, streebog512 } from "../../../shared/crypto/streebog.ts";
import { concat, u16, vector16 } from "./bytes.ts";
import { knownCertificate } from "./certificate-cache.ts";
import type { TlsClientKey } from "./client-key.ts";
import { TlsError } from "./errors.ts";
import { SIGALGS } from "./messages.ts";
import type { GostPublicKey } from "./server-key.ts";
import { TLS1_2 } from "./suites.ts";

export interface ClientKeyInfo {
  algorithm: string;
  paramSet: string | null;
}

export function clientKeyInfo(key: TlsClientKey): ClientKeyInfo {
  const { algorithm, paramSet } = knownCertificate(key.certificate).info.publicKey;
  return { algorithm, paramSet };
}

/** gost-engine derives with the client key only if its parameters equal the server key's exactly. */
export function canAgreeWithStaticKey(client: ClientKeyInfo, server: GostPublicKey): boolean {
  return client.algorithm === server.algorithm && client.paramSet === server.paramSet;
}

function preferredSigalgs(client: ClientKeyInfo): number[] {
  if (client.algorithm === "gost2012-256") return [SIGALGS.gost256Intrinsic, SIGALGS.gost256Legacy];
  if (client.algorithm === "gost2012-512") return [SIGALGS.gost512Intrinsic, SIGALGS.gost512Legacy];
  throw new TlsError("TLS_HANDSHAKE_FAILED", `client key ${client.algorithm} is not a GOST R 34.10-2012 key`, {
    problemEn: "The client certificate's key is not a GOST R 34.10-2012 key.",
    problemRu: "Ключ сертификата пользователя — не ключ ГОСТ Р 34.10-2012.",
  });
}

export async function certificateVerifyBody(
  key: TlsClientKey,
  client: ClientKeyInfo,
  version: number,
  serverSigalgs: readonly number[],
  transcript: Uint8Array,
): Promise<Uint8Array> {
  const candidates = preferredSigalgs(client);
  // Chosen before signing, so the token never signs what cannot be sent.
  const sigalg = version >= TLS1_2 ? candidates.find((s) => serverSigalgs.includes(s)) : null;
  if (sigalg === undefined) {
    throw new TlsError("TLS_CLIENT_CERT_REJECTED", "the server accepts no GOST signature scheme for the client key", {
      alert: "no common signature scheme",
    });
  }
  const digest = client.algorithm === "gost2012-512" ? streebog512(transcript) : streebog256(transcript);
  const signature = (await key.signDigest(digest)).slice().reverse();
  if (sigalg === null) return vector16(signature);
  return concat(u16(sigalg), vector16(signature));
}
