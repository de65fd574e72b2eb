/**
 * Certificates this process has parsed, keyed by their exact DER: a parse is a fact about
 * fixed bytes, and every handshake with the same server and client certificate would
 * otherwise parse them again (about 2 ms of ASN.1 per handshake).
 */
import { decodeCertificate, type DecodedCertificate } from "../../../shared/pkix/certificate.ts";
import { certificateInfo, type CertificateInfo } from "../../../shared/x509/index.ts";

/** The decoded certificate (its subject and issuer Names match issuers) and the view built from it. */
export interface KnownCertificate extends DecodedCertificate {
  info: CertificateInfo;
}

const LIMIT = 256;
const known = new Map<string, KnownCertificate>();

export function derKey(der: Uint8Array): string {
  return Buffer.from(der.buffer, der.byteOffset, der.length).toString("base64");
}

/** Parses once; throws as parseCertificate does for what is not a certificate. */
export function knownCertificate(der: Uint8Array): KnownCertificate {
  const key = derKey(der);
  const cached = known.get(key);
  if (cached) return cached;
  const decoded = decodeCertificate(der);
  const entry = { ...decoded, info: certificateInfo(decoded) };
  if (known.size >= LIMIT) known.clear();
  known.set(key, entry);
  return entry;
}
