import { digestOf } from "../../../shared/algorithms/registry.ts";
import { KepError, type KeyAlgorithmName, type TokenRef } from "../../../shared/protocol/index.ts";
import { findSigner } from "../operations/find-signer.ts";
import { deriveVko } from "../pkcs11/derive.ts";
import { findPrivateKey } from "../pkcs11/private-key.ts";
import type { ModuleRegistry } from "../pkcs11/registry.ts";
import { signDigest } from "../pkcs11/sign-digest.ts";
import { findCertificateToken } from "../tokens/find-certificate.ts";
import type { Session, TokenSessions } from "../tokens/sessions.ts";
import type { TlsClientKey } from "./client-key.ts";

/** The UKM GOST TLS (and Rutoken's CKM_GOSTR3410_12_DERIVE) uses: 8 bytes. */
const UKM_BYTES = 8;

/** Key algorithms GOST TLS can authenticate with, and the size of their raw public value. */
const PUBLIC_VALUE_BYTES: Partial<Record<KeyAlgorithmName, number>> = { "gost2012-256": 64, "gost2012-512": 128 };

export interface TokenClientKeyOptions {
  registry: ModuleRegistry;
  sessions: TokenSessions;
  /** SHA-1 thumbprint of the client certificate, hex. */
  thumbprint: string;
  /** The token to look on; without it, every inserted token is searched. */
  token?: TokenRef | undefined;
  /** Asked only when the token is not logged in: before the first use, or after the login ended. */
  pin: () => Promise<string>;
  /** Intermediate CA certificates to send after the client certificate. */
  chain?: readonly Uint8Array[] | undefined;
}

/**
 * The TLS client key on a token: the certificate with the given thumbprint and the private key
 * paired with it by public key, exactly as signing finds them. Key agreement (VKO) and
 * signatures run on the token through the host's logged-in session; the private key is never read.
 */
export async function createTokenClientKey(options: TokenClientKeyOptions): Promise<TlsClientKey> {
  const thumbprint = options.thumbprint.toUpperCase();
  const { module, ref } = options.token
    ? { module: options.registry.get(options.token.module), ref: options.token }
    : await findCertificateToken(options.registry, thumbprint);
  const onToken = async <T>(doing: string, operation: (s: Session) => T): Promise<T> => {
    if (!options.sessions.isLoggedIn(ref)) await options.sessions.login(module, ref, await options.pin());
    return options.sessions.withSession(module, ref, doing, operation);
  };
  const signer = await onToken("find the TLS client key", (s) => findSigner(s, thumbprint));
  const publicBytes = PUBLIC_VALUE_BYTES[signer.algorithm];
  if (publicBytes === undefined) {
    throw new KepError("KEY_CANNOT_DERIVE", `certificate ${thumbprint} has a ${signer.algorithm} key; GOST TLS needs GOST R 34.10-2012`, {
      problemRu: "Это не ключ ГОСТ Р 34.10-2012.",
      problemEn: "It is not a GOST R 34.10-2012 key.",
    });
  }
  const digestBytes = digestOf(signer.algorithm).length;
  return {
    certificate: signer.certificate.der,
    chain: options.chain ?? [],
    deriveVko(peerPublicKey, ukm) {
      if (peerPublicKey.length !== publicBytes || ukm.length !== UKM_BYTES) {
        return Promise.reject(
          new KepError(
            "INTERNAL",
            `VKO with a ${signer.algorithm} key takes a ${publicBytes}-byte public value and a ${UKM_BYTES}-byte UKM, got ${peerPublicKey.length} and ${ukm.length}`,
          ),
        );
      }
      return onToken("TLS key agreement", (s) => deriveVko(s.lib, s.session, findPrivateKey(s.lib, s.session, signer.keyId), peerPublicKey, ukm));
    },
    signDigest(digest) {
      if (digest.length !== digestBytes) {
        return Promise.reject(new KepError("INTERNAL", `a ${signer.algorithm} signature takes a ${digestBytes}-byte digest, got ${digest.length}`));
      }
      return onToken("TLS signature", (s) => signDigest(s.lib, s.session, signer.keyId, signer.algorithm, digest));
    },
  };
}
