/**
 * The view of a certificate the popup, the CLI and the page API show, built from the pkix
 * layer's decoding. Synchronous, so the popup renders straight from it.
 */

import { toHex } from "../encoding.ts";
import { decodeCertificate, type DecodedCertificate } from "../pkix/certificate.ts";
import { parseExtensions, protectionClassOf } from "../pkix/extensions.ts";
import { parseName } from "../pkix/name.ts";
import { knownIssuerOf } from "./issuers.ts";
import { oidName, SIGNATURE_ALGORITHMS } from "./oids.ts";
import { issuerNameOf, ownerOf } from "./owner.ts";
import type { CertificateInfo } from "./types.ts";

/** For callers that keep the decoded certificate too, so it is decoded once. */
export function certificateInfo(certificate: DecodedCertificate): CertificateInfo {
  const { tbsCertificate: tbs } = certificate.asn;
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
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    publicKey: certificate.publicKey,
    signatureAlgorithm: { oid: certificate.signatureAlgorithm, name: oidName(SIGNATURE_ALGORITHMS, certificate.signatureAlgorithm) },
    ...extensions,
    protectionClass: protectionClassOf(extensions.policies),
    knownIssuer,
    isFnsIssuer: knownIssuer === "fns",
  };
}

/** Throws CertificateParseError for anything that is not exactly one DER X.509 certificate. */
export function parseCertificate(der: Uint8Array): CertificateInfo {
  return certificateInfo(decodeCertificate(der));
}
