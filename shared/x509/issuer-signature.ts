/**
 * Whether a CA's key made the signature on a certificate or a CRL. Verifying a CA's
 * signature uses no key of the user's, so it runs in software (shared/crypto); only
 * GOST R 34.10-2012 is verified, anything else is "not signed by it".
 */
import { KEY_TYPES } from "../algorithms/registry.ts";
import { verifyGost } from "../crypto/gost3410.ts";
import { GOST_CURVES } from "../crypto/gost3410-params.ts";
import { streebog256, streebog512 } from "../crypto/streebog.ts";
import { decodeCertificate } from "../pkix/certificate.ts";
import type { PublicKeyInfo } from "./types.ts";

/** A signed X.509 structure as its issuer signed it. */
export interface IssuerSigned {
  /** The issuer Name, DER as encoded: equal to the subject of the CA certificate that signs it. */
  issuer: Uint8Array;
  signatureAlgorithm: string;
  /** The to-be-signed TLV, exactly the bytes the signature covers. */
  signed: Uint8Array;
  /** The BIT STRING's content after its unused-bits byte. */
  signature: Uint8Array;
}

const SIGNATURE_DIGESTS: Readonly<Record<string, (data: Uint8Array) => Uint8Array>> = {
  [KEY_TYPES["gost2012-256"].signatureOid]: streebog256,
  [KEY_TYPES["gost2012-512"].signatureOid]: streebog512,
};

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Throws CertificateParseError for what is not one DER certificate. */
export function certificateSigned(der: Uint8Array): IssuerSigned {
  const certificate = decodeCertificate(der);
  return { issuer: certificate.issuer, signatureAlgorithm: certificate.signatureAlgorithm, signed: certificate.tbs, signature: certificate.signatureValue };
}

/** Whether `key` (a CA's) made the item's signature. */
export function verifiedWith(item: IssuerSigned, key: PublicKeyInfo): boolean {
  const digest = SIGNATURE_DIGESTS[item.signatureAlgorithm];
  if (!digest || key.paramSet === null || !GOST_CURVES[key.paramSet]) return false;
  return verifyGost(key.paramSet, key.raw, digest(item.signed), item.signature);
}

/** `issuerDer`'s subject is the item's issuer and its key verifies the item's signature. */
export function signedBy(item: IssuerSigned, issuerDer: Uint8Array): boolean {
  let issuer;
  try {
    issuer = decodeCertificate(issuerDer);
  } catch {
    return false;
  }
  return sameBytes(issuer.subject, item.issuer) && verifiedWith(item, issuer.publicKey);
}
