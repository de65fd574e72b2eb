/**
 * Certificate revocation lists (RFC 5280 §5): the parts a revocation check needs, and the
 * check that the CA's key signed one. The issuer name and the signed bytes are taken from
 * the DER as encoded, because the signature covers exactly those bytes.
 */
import { AsnConvert, AsnProp } from "@peculiar/asn1-schema";
import { CertificateList, CRLReason, CRLReasons, id_ce_cRLReasons, Name, TBSCertList, type RevokedCertificate } from "@peculiar/asn1-x509";
import { toHex } from "../encoding.ts";
import { isSingleValue } from "../pkix/single-value.ts";
import { REVOCATION_REASONS, type RevocationReason } from "../protocol/schemas.ts";
import { CertificateParseError } from "./errors.ts";
import type { IssuerSigned } from "./issuer-signature.ts";

/** TBSCertList keeping its issuer Name as encoded, to compare with the CA certificate's subject. */
class ExactTbsCertList extends TBSCertList {
  issuerRaw?: Uint8Array;
}
AsnProp({ type: Name, raw: true })(ExactTbsCertList.prototype, "issuer");

class ExactCertificateList extends CertificateList {}
AsnProp({ type: ExactTbsCertList, raw: true })(ExactCertificateList.prototype, "tbsCertList");

export interface CrlEntry {
  revokedAt: Date;
  reason: RevocationReason;
}

export interface Crl extends IssuerSigned {
  thisUpdate: Date;
  nextUpdate: Date | null;
  /** Revoked serial numbers, upper-case hex of the INTEGER content as CertificateInfo.serialNumber. */
  revoked: ReadonlyMap<string, CrlEntry>;
}

function reasonOf(entry: RevokedCertificate): RevocationReason {
  const extension = entry.crlEntryExtensions?.find((e) => e.extnID === id_ce_cRLReasons);
  if (!extension) return "unspecified";
  const name = CRLReasons[AsnConvert.parse(extension.extnValue, CRLReason).reason];
  return REVOCATION_REASONS.find((r) => r === name) ?? "unspecified";
}

/** Throws CertificateParseError for anything that is not one DER CertificateList. */
export function parseCrl(der: Uint8Array): Crl {
  if (!isSingleValue(der)) throw new CertificateParseError("not a DER CRL: no single value spanning the data");
  let list: ExactCertificateList;
  try {
    list = AsnConvert.parse(der, ExactCertificateList);
  } catch (cause) {
    throw new CertificateParseError(`not a CRL: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  const issuer = (list.tbsCertList as ExactTbsCertList).issuerRaw;
  if (!issuer || !list.tbsCertListRaw) throw new CertificateParseError("not a CRL: missing tbsCertList or issuer");
  const revoked = new Map<string, CrlEntry>();
  for (const entry of list.tbsCertList.revokedCertificates ?? []) {
    revoked.set(toHex(new Uint8Array(entry.userCertificate)).toUpperCase(), { revokedAt: entry.revocationDate.getTime(), reason: reasonOf(entry) });
  }
  return {
    issuer: issuer.slice(),
    thisUpdate: list.tbsCertList.thisUpdate.getTime(),
    nextUpdate: list.tbsCertList.nextUpdate?.getTime() ?? null,
    revoked,
    signatureAlgorithm: list.signatureAlgorithm.algorithm,
    signed: new Uint8Array(list.tbsCertListRaw).slice(),
    signature: new Uint8Array(list.signature),
  };
}
