/**
 * Certificate revocation lists (RFC 5280 §5): the parts a revocation check needs, and the
 * check that the CA's key signed one. The issuer name and the signed bytes are taken from
 * the DER as encoded, because the signature covers exactly those bytes.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { CertificateList, CRLReason, CRLReasons, id_ce_cRLReasons, type RevokedCertificate } from "@peculiar/asn1-x509";
import { derContent } from "../der.ts";
import { toHex } from "../encoding.ts";
import { REVOCATION_REASONS, type RevocationReason } from "../protocol/schemas.ts";
import { CertificateParseError } from "./errors.ts";
import type { IssuerSigned } from "./issuer-signature.ts";
import { readChildren, readTlv } from "./tlv.ts";

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
  try {
    derContent(der, 0x30);
  } catch (cause) {
    throw new CertificateParseError("not a DER CRL: no single SEQUENCE spanning the data", { cause });
  }
  const [tbs, , signatureBits] = readChildren(readTlv(der)!.body) ?? [];
  const fields = tbs?.tag === 0x30 ? readChildren(tbs.body) : null;
  // version INTEGER (v2) comes first when present, then signature AlgorithmIdentifier, then issuer.
  const issuer = fields?.[fields[0]?.tag === 0x02 ? 2 : 1];
  if (!tbs || !issuer || issuer.tag !== 0x30 || signatureBits?.tag !== 0x03 || signatureBits.body[0] !== 0) {
    throw new CertificateParseError("not a CRL: missing tbsCertList, issuer or signature");
  }
  let list: CertificateList;
  try {
    list = AsnConvert.parse(der, CertificateList);
  } catch (cause) {
    throw new CertificateParseError(`not a CRL: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  const revoked = new Map<string, CrlEntry>();
  for (const entry of list.tbsCertList.revokedCertificates ?? []) {
    revoked.set(toHex(new Uint8Array(entry.userCertificate)).toUpperCase(), { revokedAt: entry.revocationDate.getTime(), reason: reasonOf(entry) });
  }
  return {
    issuer: issuer.raw.slice(),
    thisUpdate: list.tbsCertList.thisUpdate.getTime(),
    nextUpdate: list.tbsCertList.nextUpdate?.getTime() ?? null,
    revoked,
    signatureAlgorithm: list.signatureAlgorithm.algorithm,
    signed: tbs.raw.slice(),
    signature: signatureBits.body.slice(1),
  };
}
