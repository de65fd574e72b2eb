/**
 * Certificates this process has parsed, keyed by their exact DER: a parse is a fact about
 * fixed bytes, and every handshake with the same server and client certificate would
 * otherwise parse them again (about 2 ms of ASN.1 per handshake).
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import { certificateParts, parseCertificate, type CertificateInfo } from "../../../shared/x509/index.ts";

export interface KnownCertificate {
  der: Uint8Array;
  info: CertificateInfo;
  /** The subject and issuer Names, DER, for matching issuers. */
  subject: Uint8Array;
  issuer: Uint8Array;
  /** The schema view, for extensions and the key's AlgorithmIdentifier. */
  asn: Certificate;
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
  const parts = certificateParts(der);
  const entry = { der, info: parseCertificate(der), subject: parts.subject, issuer: parts.issuer, asn: AsnConvert.parse(der, Certificate) };
  if (known.size >= LIMIT) known.clear();
  known.set(key, entry);
  return entry;
}
