import { AsnConvert } from "@peculiar/asn1-schema";
import { CRLDistributionPoints, id_ce_cRLDistributionPoints } from "@peculiar/asn1-x509";
import { certificateExtension, decodeCertificate } from "../pkix/certificate.ts";
import { CertificateParseError } from "./errors.ts";

/**
 * The URLs of a certificate's CRL distribution points (RFC 5280 §4.2.1.13), in the order the
 * CA wrote them; points named relative to the issuer or by a separate CRL issuer are not URLs
 * and are left out. Russian CAs list http:// addresses, often two mirrors.
 */
export function crlDistributionUrls(der: Uint8Array): string[] {
  const extension = certificateExtension(decodeCertificate(der), id_ce_cRLDistributionPoints);
  if (!extension) return [];
  let points: CRLDistributionPoints;
  try {
    points = AsnConvert.parse(extension.extnValue, CRLDistributionPoints);
  } catch (cause) {
    throw new CertificateParseError("malformed cRLDistributionPoints extension", { cause });
  }
  // Spread first: flatMap on the schema's array class would build another schema array.
  return [...points].flatMap((point) =>
    point.cRLIssuer
      ? []
      : (point.distributionPoint?.fullName ?? []).flatMap((name) => (name.uniformResourceIdentifier ? [name.uniformResourceIdentifier] : [])),
  );
}
