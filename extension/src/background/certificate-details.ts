import { fromBase64 } from "../../../shared/encoding.ts";
import { KEY_PURPOSES, parseCertificate, POLICIES } from "../../../shared/x509/index.ts";
import type { CertificateDetails } from "../messaging/popup-model.ts";

const named = (table: Readonly<Record<string, string>>) => (oid: string) => ({ oid, name: table[oid] ?? null });

// Parsed once per worker lifetime: every popup opening lists the same few certificates.
const cache = new Map<string, CertificateDetails | null>();
const CACHE_LIMIT = 500;

/** The popup's view of a certificate, or null when the DER does not parse. */
export function certificateDetails(derBase64: string): CertificateDetails | null {
  let details = cache.get(derBase64);
  if (details === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    details = parse(derBase64);
    cache.set(derBase64, details);
  }
  return details;
}

function parse(derBase64: string): CertificateDetails | null {
  try {
    const info = parseCertificate(fromBase64(derBase64));
    return {
      owner: info.owner,
      subject: info.subject,
      issuer: info.issuer,
      issuerName: info.issuerName,
      isFnsIssuer: info.isFnsIssuer,
      serialNumber: info.serialNumber,
      notBefore: info.notBefore.getTime(),
      notAfter: info.notAfter.getTime(),
      keyAlgorithm: info.publicKey.algorithm,
      paramSet: info.publicKey.paramSet,
      paramSetName: info.publicKey.paramSetName,
      signatureAlgorithm: info.signatureAlgorithm.name,
      keyUsage: info.keyUsage,
      extendedKeyUsage: info.extendedKeyUsage.map(named(KEY_PURPOSES)),
      policies: info.policies.map(named(POLICIES)),
      protectionClass: info.protectionClass,
      subjectSignTool: info.subjectSignTool,
      issuerSignTool: info.issuerSignTool,
    };
  } catch {
    return null;
  }
}
