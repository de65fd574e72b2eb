/**
 * Synchronous X.509 parsing (the popup renders straight from it) on the ASN.1 schema
 * classes that @peculiar/x509 itself is built on. @peculiar/x509's own X509Certificate is
 * not used because that package needs a Reflect metadata polyfill (tsyringe) just to load.
 */

import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import { toHex } from "../encoding.ts";
import { derContent } from "../der.ts";
import { CertificateParseError } from "./errors.ts";
import { parseExtensions, protectionClassOf } from "./extensions.ts";
import { knownIssuerOf } from "./issuers.ts";
import { parseName } from "./name.ts";
import { oidName, SIGNATURE_ALGORITHMS } from "./oids.ts";
import { issuerNameOf, ownerOf } from "./owner.ts";
import { parsePublicKey } from "./public-key.ts";
import type { CertificateInfo } from "./types.ts";

function decode(der: Uint8Array): Certificate {
  if (der.length === 0) throw new CertificateParseError("certificate is empty");
  try {
    // The schema parser ignores trailing bytes; a certificate blob must be exactly one TLV.
    derContent(der, 0x30);
  } catch (cause) {
    throw new CertificateParseError("not a DER certificate: no single SEQUENCE spanning the data", { cause });
  }
  try {
    return AsnConvert.parse(der, Certificate);
  } catch (cause) {
    const detail = cause instanceof Error ? `: ${cause.message}` : "";
    throw new CertificateParseError(`not an X.509 certificate${detail}`, { cause });
  }
}

export function parseCertificate(der: Uint8Array): CertificateInfo {
  const { tbsCertificate: tbs, signatureAlgorithm } = decode(der);
  const subject = parseName(tbs.subject);
  const issuer = parseName(tbs.issuer);
  const extensions = parseExtensions(tbs.extensions ?? []);
  const knownIssuer = knownIssuerOf(issuer);
  return {
    subject,
    issuer,
    owner: ownerOf(subject),
    issuerName: issuerNameOf(issuer),
    serialNumber: toHex(new Uint8Array(tbs.serialNumber)).toUpperCase(),
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    publicKey: parsePublicKey(tbs.subjectPublicKeyInfo),
    signatureAlgorithm: { oid: signatureAlgorithm.algorithm, name: oidName(SIGNATURE_ALGORITHMS, signatureAlgorithm.algorithm) },
    ...extensions,
    protectionClass: protectionClassOf(extensions.policies),
    knownIssuer,
    isFnsIssuer: knownIssuer === "fns",
  };
}
