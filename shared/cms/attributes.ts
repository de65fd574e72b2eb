/**
 * The CAdES-BES signed attributes (docs/cms-cades.md#signed-attributes): messageDigest, signingTime and
 * signingCertificateV2, the last checked against the certificate that made the signature.
 */
import type { Tlv } from "../x509/tlv.ts";
import type { SignerCertificate } from "./certificate.ts";
import {
  TAG_CONTEXT_0,
  TAG_GENERALIZED_TIME,
  TAG_INTEGER,
  TAG_OCTET_STRING,
  TAG_SEQUENCE,
  TAG_SET,
  TAG_UTC_TIME,
  algorithmOid,
  children,
  expectTag,
  oid,
  sameBytes,
} from "./der.ts";
import { DIGESTS } from "../algorithms/registry.ts";
import { digest } from "./digest.ts";
import { CmsError } from "./errors.ts";

const OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4";
const OID_SIGNING_TIME = "1.2.840.113549.1.9.5";
const OID_SIGNING_CERTIFICATE_V2 = "1.2.840.113549.1.9.16.2.47";
/** GeneralName [4] directoryName, explicitly tagged because Name is a CHOICE. */
const TAG_DIRECTORY_NAME = 0xa4;

export interface SignedAttributes {
  messageDigest: Uint8Array;
  signingTime: Date | null;
  /** The first ESSCertIDv2, which RFC 5035 says identifies the signer's certificate. */
  signingCertificate: Tlv | null;
}

function time(tlv: Tlv | undefined): Date {
  const text = tlv ? String.fromCharCode(...tlv.body) : "";
  const utc = tlv?.tag === TAG_UTC_TIME ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : null;
  const gen = tlv?.tag === TAG_GENERALIZED_TIME ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(text) : null;
  const m = utc ?? gen;
  if (!m) throw new CmsError("signingTime is not a DER UTCTime or GeneralizedTime");
  // RFC 5280 §4.1.2.5.1: UTCTime years 50..99 are 19xx.
  const year = utc ? (Number(m[1]) >= 50 ? 1900 : 2000) + Number(m[1]) : Number(m[1]);
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

/** Reads the attributes from the [0] IMPLICIT SET OF Attribute. */
export function readSignedAttributes(signedAttributes: Tlv): SignedAttributes {
  let messageDigest: Uint8Array | null = null;
  let signingTime: Date | null = null;
  let signingCertificate: Tlv | null = null;
  for (const attribute of children(signedAttributes, TAG_CONTEXT_0, "signedAttrs")) {
    const [type, values] = children(attribute, TAG_SEQUENCE, "signed attribute");
    const first = children(values, TAG_SET, "signed attribute values")[0];
    switch (oid(type, "signed attribute type")) {
      case OID_MESSAGE_DIGEST:
        messageDigest = expectTag(first, TAG_OCTET_STRING, "messageDigest").body;
        break;
      case OID_SIGNING_TIME:
        signingTime = time(first);
        break;
      case OID_SIGNING_CERTIFICATE_V2: {
        const certs = children(first, TAG_SEQUENCE, "signingCertificateV2")[0];
        signingCertificate = children(certs, TAG_SEQUENCE, "signingCertificateV2.certs")[0] ?? null;
        break;
      }
    }
  }
  if (!messageDigest) throw new CmsError("signed attributes have no messageDigest");
  return { messageDigest, signingTime, signingCertificate };
}

/** Whether an ESSCertIDv2 names this certificate: its hash, and the issuer/serial when given. */
export async function matchesCertificate(essCertId: Tlv, certificate: SignerCertificate): Promise<boolean> {
  const fields = children(essCertId, TAG_SEQUENCE, "ESSCertIDv2");
  // hashAlgorithm DEFAULT sha256 (omitted when SHA-256), certHash, issuerSerial?
  const hashed = fields[0]?.tag === TAG_SEQUENCE;
  const hashAlgorithm = hashed ? algorithmOid(fields[0], "ESSCertIDv2.hashAlgorithm") : DIGESTS["sha-256"].oid;
  const certHash = expectTag(fields[hashed ? 1 : 0], TAG_OCTET_STRING, "ESSCertIDv2.certHash").body;
  if (!sameBytes(certHash, await digest(hashAlgorithm, certificate.der))) return false;
  const issuerSerial = fields[hashed ? 2 : 1];
  if (!issuerSerial) return true;
  const [names, serial] = children(issuerSerial, TAG_SEQUENCE, "ESSCertIDv2.issuerSerial");
  const directoryNames = children(names, TAG_SEQUENCE, "issuerSerial.issuer").filter((name) => name.tag === TAG_DIRECTORY_NAME);
  const issuerMatches = directoryNames.some((name) => {
    const inner = children(name, TAG_DIRECTORY_NAME, "directoryName")[0];
    return inner !== undefined && sameBytes(inner.raw, certificate.issuer);
  });
  return issuerMatches && sameBytes(expectTag(serial, TAG_INTEGER, "issuerSerial.serialNumber").raw, certificate.serialNumber);
}
