/**
 * A certificate as CMS signing and verification use it: decoded once by shared/pkix, with the
 * subjectKeyIdentifier a SignerIdentifier may name and the key in the shape signature checks take.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { id_ce_subjectKeyIdentifier, SubjectKeyIdentifier } from "@peculiar/asn1-x509";
import { certificateExtension, decodeCertificate, type DecodedCertificate } from "../pkix/certificate.ts";
import { CmsError } from "./errors.ts";

export interface CertificateKey {
  algorithm: string;
  /** The parameters' first OID: the GOST parameter set or the EC named curve; null if none. */
  parameters: string | null;
  /** The BIT STRING contents after the unused-bits byte. */
  bits: Uint8Array;
  /** The whole SubjectPublicKeyInfo, as WebCrypto imports it. */
  spki: Uint8Array;
}

export interface SignerCertificate extends DecodedCertificate {
  subjectKeyIdentifier: Uint8Array | null;
  key: CertificateKey;
}

export function readCertificate(der: Uint8Array): SignerCertificate {
  let certificate: DecodedCertificate;
  try {
    certificate = decodeCertificate(der);
  } catch (cause) {
    throw new CmsError(`certificate: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  const ski = certificateExtension(certificate, id_ce_subjectKeyIdentifier);
  return {
    ...certificate,
    subjectKeyIdentifier: ski ? new Uint8Array(AsnConvert.parse(ski.extnValue, SubjectKeyIdentifier).buffer) : null,
    key: {
      algorithm: certificate.publicKey.oid,
      parameters: certificate.publicKey.paramSet,
      bits: new Uint8Array(certificate.asn.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey),
      spki: certificate.subjectPublicKeyInfo,
    },
  };
}
