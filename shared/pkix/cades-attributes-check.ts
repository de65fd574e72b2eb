/**
 * Reading a signer's signed attributes (docs/cms-cades.md#signed-attributes): messageDigest,
 * signingTime and signingCertificateV2, the last checked against the certificate that signed.
 */
import { AsnConvert, AsnParser, OctetString } from "@peculiar/asn1-schema";
import { Attribute, id_messageDigest, id_signingTime } from "@peculiar/asn1-cms";
import { Name } from "@peculiar/asn1-x509";
import { DIGESTS } from "../algorithms/registry.ts";
import { digest } from "../cms/digest.ts";
import { sameBytes } from "../encoding.ts";
import type { DecodedCertificate } from "./certificate.ts";
import { CmsError } from "../cms/errors.ts";
import { EssCertIdV2, id_aa_signingCertificateV2, SigningCertificateV2 } from "./ess-signing-certificate.ts";
import { certificateTime } from "./time.ts";

export interface SignedAttributes {
  messageDigest: Uint8Array;
  signingTime: Date | null;
  /** The first ESSCertIDv2, which RFC 5035 says identifies the signer's certificate. */
  signingCertificate: EssCertIdV2 | null;
}

const TAG_UTC_TIME = 0x17;
const TAG_GENERALIZED_TIME = 0x18;

/** signingTime through the one date reader: RFC 5652 §11.3 asks for the same DER forms as RFC 5280. */
function signingTime(value: ArrayBuffer): Date {
  const bytes = new Uint8Array(value);
  const kind = bytes[0] === TAG_UTC_TIME ? "utc" : bytes[0] === TAG_GENERALIZED_TIME ? "generalized" : null;
  if (!kind || bytes[1]! >= 0x80) throw new CmsError("signingTime is not a DER UTCTime or GeneralizedTime");
  try {
    return certificateTime(kind, String.fromCharCode(...bytes.subarray(2)));
  } catch (cause) {
    throw new CmsError("signingTime is not a DER UTCTime or GeneralizedTime", { cause });
  }
}

function parsed<T>(value: ArrayBuffer | undefined, type: new () => T, what: string): T {
  if (!value) throw new CmsError(`${what} has no value`);
  try {
    return AsnParser.parse(value, type);
  } catch (cause) {
    throw new CmsError(`${what} is malformed`, { cause });
  }
}

export function readSignedAttributes(attributes: readonly Attribute[]): SignedAttributes {
  let messageDigest: Uint8Array | null = null;
  let time: Date | null = null;
  let signingCertificate: EssCertIdV2 | null = null;
  for (const { attrType, attrValues } of attributes) {
    const [first] = attrValues;
    switch (attrType) {
      case id_messageDigest:
        messageDigest = new Uint8Array(parsed(first, OctetString, "messageDigest").buffer);
        break;
      case id_signingTime:
        if (!first) throw new CmsError("signingTime has no value");
        time = signingTime(first);
        break;
      case id_aa_signingCertificateV2:
        signingCertificate = parsed(first, SigningCertificateV2, "signingCertificateV2").certs[0] ?? null;
        break;
    }
  }
  if (!messageDigest) throw new CmsError("signed attributes have no messageDigest");
  return { messageDigest, signingTime: time, signingCertificate };
}

/** Whether an ESSCertIDv2 names this certificate: its hash, and the issuer and serial when given. */
export async function matchesCertificate(id: EssCertIdV2, certificate: DecodedCertificate): Promise<boolean> {
  const hashAlgorithm = id.hashAlgorithm?.algorithm ?? DIGESTS["sha-256"].oid;
  if (!sameBytes(new Uint8Array(id.certHash.buffer), await digest(hashAlgorithm, certificate.der))) return false;
  if (!id.issuerSerial) return true;
  const issuerMatches = id.issuerSerial.issuer.some(
    (name) => name.directoryName !== undefined && sameBytes(new Uint8Array(AsnConvert.serialize(name.directoryName satisfies Name)), certificate.issuer),
  );
  return issuerMatches && sameBytes(new Uint8Array(id.issuerSerial.serialNumber), new Uint8Array(certificate.asn.tbsCertificate.serialNumber));
}
