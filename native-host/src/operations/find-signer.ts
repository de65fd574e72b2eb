import { KepError, type KeyAlgorithmName } from "../../../shared/protocol/index.ts";
import { certificateParts } from "../../../shared/x509/certificate-parts.ts";
import type { SigningCertificate } from "../cms/cades-bes.ts";
import { keyAlgorithmOf } from "../pkcs11/key-algorithms.ts";
import { readCertificates, readKeys } from "../tokens/inventory.ts";
import { pairObjects } from "../tokens/list-objects.ts";
import type { Session } from "../tokens/sessions.ts";

export interface Signer {
  algorithm: KeyAlgorithmName;
  keyId: string;
  certificate: SigningCertificate;
}

/**
 * The certificate with this thumbprint and the private key it pairs with, inside a logged-in
 * session. The pair is found by public key, never by what a caller claims; signatures and GOST
 * TLS client authentication both start here.
 */
export function findSigner({ lib, session }: Session, thumbprint: string): Signer {
  const certs = readCertificates(lib, session);
  const keys = readKeys(lib, session);
  const listed = pairObjects(keys, certs, true);
  const index = listed.certificates.findIndex((c) => c.thumbprint === thumbprint);
  if (index < 0) throw new KepError("CERT_NOT_FOUND", `no certificate ${thumbprint} on the token`);
  const paired = listed.certificates[index]!.key;
  const pair = paired ? listed.keys.find((k) => k.id === paired.id) : undefined;
  if (!paired || !pair?.hasPrivateKey) throw new KepError("KEY_NOT_FOUND", `the token has no private key for certificate ${thumbprint}`);
  const raw = keys.find((k) => k.id === paired.id && k.isPrivate)!;
  const algorithm = keyAlgorithmOf(raw.keyType, raw.paramSet ?? pair.paramSet);
  if (!algorithm) throw new KepError("BAD_REQUEST", `the key of certificate ${thumbprint} is ${pair.keyType}, which kep-bridge does not sign with`);
  const der = certs[index]!.der;
  // The listing's fast walk gives the issuer and serial as encoded: a schema decode costs 100× as much on every signature.
  const { issuer, serialNumber } = certificateParts(der);
  return { algorithm, keyId: paired.id, certificate: { der, issuer, serialNumber } };
}
