/**
 * An X.509 certificate decoded by the ASN.1 schema library (@peculiar/asn1-x509), with the
 * encodings that must stay byte-exact — what PKCS#11 stores, what a CMS SignerIdentifier and
 * a signature cover — taken from the input rather than re-encoded.
 */
import {
  AsnConvert,
  AsnGeneralizedTimeConverter,
  AsnIntegerArrayBufferConverter,
  AsnProp,
  AsnPropTypes,
  AsnUTCTimeConverter,
  type IAsnConverter,
} from "@peculiar/asn1-schema";
import { Certificate, Name, SubjectPublicKeyInfo, TBSCertificate, Time, Validity, type Extension } from "@peculiar/asn1-x509";
import { readTlv } from "../x509/tlv.ts";
import { parsePublicKey } from "./public-key.ts";
import type { PublicKeyInfo } from "../x509/types.ts";
import { CertificateParseError } from "../x509/errors.ts";
import { certificateTime } from "./time.ts";

const TAG_UTC_TIME = 23;
const TAG_GENERALIZED_TIME = 24;

/** Validity times read by time.ts, the one date parser, instead of the library's laxer one. */
const strictTime: IAsnConverter<Time> = {
  fromASN(value) {
    const tag = value.idBlock.tagNumber;
    const text = "valueHexView" in value.valueBlock ? String.fromCharCode(...value.valueBlock.valueHexView) : "";
    if (tag === TAG_UTC_TIME) return new Time({ utcTime: certificateTime("utc", text) });
    if (tag === TAG_GENERALIZED_TIME) return new Time({ generalTime: certificateTime("generalized", text) });
    throw new CertificateParseError("certificate validity is not a UTCTime or GeneralizedTime");
  },
  toASN(time) {
    return time.utcTime ? AsnUTCTimeConverter.toASN(time.utcTime) : AsnGeneralizedTimeConverter.toASN(time.getTime());
  },
};

class StrictValidity extends Validity {}
AsnProp({ type: AsnPropTypes.Any, converter: strictTime })(StrictValidity.prototype, "notBefore");
AsnProp({ type: AsnPropTypes.Any, converter: strictTime })(StrictValidity.prototype, "notAfter");

/** TBSCertificate keeping the input bytes of the fields other structures carry verbatim. */
class ExactTbsCertificate extends TBSCertificate {
  issuerRaw?: Uint8Array;
  subjectRaw?: Uint8Array;
  subjectPublicKeyInfoRaw?: Uint8Array;
}
AsnProp({ type: Name, raw: true })(ExactTbsCertificate.prototype, "issuer");
AsnProp({ type: StrictValidity })(ExactTbsCertificate.prototype, "validity");
AsnProp({ type: Name, raw: true })(ExactTbsCertificate.prototype, "subject");
AsnProp({ type: SubjectPublicKeyInfo, raw: true })(ExactTbsCertificate.prototype, "subjectPublicKeyInfo");

class ExactCertificate extends Certificate {}
AsnProp({ type: ExactTbsCertificate, raw: true })(ExactCertificate.prototype, "tbsCertificate");

export interface DecodedCertificate {
  /** The certificate, exactly as given. */
  der: Uint8Array;
  /** The schema view, for everything below and for building other structures from its parts. */
  asn: Certificate;
  /** tbsCertificate as encoded: what the issuer's signature covers. */
  tbs: Uint8Array;
  /** The serialNumber INTEGER, tag and length included, as CKA_SERIAL_NUMBER holds it. */
  serialNumber: Uint8Array;
  /** The issuer Name as encoded, as CKA_ISSUER and IssuerAndSerialNumber hold it. */
  issuer: Uint8Array;
  /** The subject Name as encoded, as CKA_SUBJECT holds it. */
  subject: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** SubjectPublicKeyInfo as encoded, as WebCrypto imports it. */
  subjectPublicKeyInfo: Uint8Array;
  publicKey: PublicKeyInfo;
  /** The issuer's signature algorithm OID. */
  signatureAlgorithm: string;
  /** The signature BIT STRING's bytes. */
  signatureValue: Uint8Array;
}

function exact(raw: Uint8Array | undefined): Uint8Array {
  if (!raw) throw new CertificateParseError("certificate field was not kept by the decoder");
  return raw.slice();
}

function decode(der: Uint8Array): ExactCertificate {
  if (der.length === 0) throw new CertificateParseError("certificate is empty");
  // The schema parser ignores trailing bytes; a certificate blob must be exactly one TLV.
  const outer = readTlv(der);
  if (!outer || outer.tag !== 0x30 || outer.end !== der.length) {
    throw new CertificateParseError("not a DER certificate: no single SEQUENCE spanning the data");
  }
  try {
    return AsnConvert.parse(der, ExactCertificate);
  } catch (cause) {
    if (cause instanceof CertificateParseError) throw cause;
    const detail = cause instanceof Error ? `: ${cause.message}` : "";
    throw new CertificateParseError(`not an X.509 certificate${detail}`, { cause });
  }
}

/** Throws CertificateParseError for anything that is not exactly one DER X.509 certificate. */
export function decodeCertificate(der: Uint8Array): DecodedCertificate {
  const asn = decode(der);
  const tbs = asn.tbsCertificate as ExactTbsCertificate;
  return {
    der,
    asn,
    tbs: exact(asn.tbsCertificateRaw && new Uint8Array(asn.tbsCertificateRaw)),
    serialNumber: new Uint8Array(AsnIntegerArrayBufferConverter.toASN(tbs.serialNumber).toBER(false)),
    issuer: exact(tbs.issuerRaw),
    subject: exact(tbs.subjectRaw),
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    subjectPublicKeyInfo: exact(tbs.subjectPublicKeyInfoRaw),
    publicKey: parsePublicKey(tbs.subjectPublicKeyInfo),
    signatureAlgorithm: asn.signatureAlgorithm.algorithm,
    signatureValue: new Uint8Array(asn.signatureValue),
  };
}

/** The extension with this OID, or undefined. */
export function certificateExtension(certificate: DecodedCertificate, oid: string): Extension | undefined {
  return certificate.asn.tbsCertificate.extensions?.find((extension) => extension.extnID === oid);
}
