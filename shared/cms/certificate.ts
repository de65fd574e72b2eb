/**
 * What the verifier needs from a certificate, read by walking its DER: the fields a
 * SignerIdentifier and an ESSCertIDv2 name, and the subject public key with its parameters.
 */
import type { Tlv } from "../x509/tlv.ts";
import { TAG_BIT_STRING, TAG_CONTEXT_0, TAG_CONTEXT_3, TAG_OCTET_STRING, TAG_OID, TAG_SEQUENCE, children, expectTag, oid, wholeTlv } from "./der.ts";
import { CmsError } from "./errors.ts";

const OID_SUBJECT_KEY_IDENTIFIER = "2.5.29.14";

export interface CertificateKey {
  algorithm: string;
  /** The parameters' first OID: the GOST parameter set or the EC named curve; null if none. */
  parameters: string | null;
  /** The BIT STRING contents after the unused-bits byte. */
  bits: Uint8Array;
  /** The whole SubjectPublicKeyInfo, as WebCrypto imports it. */
  spki: Uint8Array;
}

export interface SignerCertificate {
  der: Uint8Array;
  /** The serialNumber INTEGER, tag included, as IssuerAndSerialNumber carries it. */
  serialNumber: Uint8Array;
  /** The issuer Name, DER. */
  issuer: Uint8Array;
  subjectKeyIdentifier: Uint8Array | null;
  key: CertificateKey;
}

function publicKey(spki: Tlv | undefined): CertificateKey {
  const info = expectTag(spki, TAG_SEQUENCE, "subjectPublicKeyInfo");
  const [algorithm, bits] = children(info, TAG_SEQUENCE, "subjectPublicKeyInfo");
  const [algorithmId, parameters] = children(algorithm, TAG_SEQUENCE, "public key algorithm");
  let parameterOid: string | null = null;
  if (parameters?.tag === TAG_OID) parameterOid = oid(parameters, "EC named curve");
  if (parameters?.tag === TAG_SEQUENCE) {
    parameterOid = oid(children(parameters, TAG_SEQUENCE, "GOST key parameters")[0], "GOST parameter set");
  }
  if (bits?.tag !== TAG_BIT_STRING || bits.body[0] !== 0) {
    throw new CmsError("certificate public key is not a whole-byte BIT STRING");
  }
  return {
    algorithm: oid(algorithmId, "public key algorithm"),
    parameters: parameterOid,
    bits: bits.body.subarray(1),
    spki: info.raw,
  };
}

function subjectKeyIdentifier(extensions: Tlv | undefined): Uint8Array | null {
  if (extensions?.tag !== TAG_CONTEXT_3) return null;
  const list = children(children(extensions, TAG_CONTEXT_3, "extensions")[0], TAG_SEQUENCE, "extensions");
  for (const extension of list) {
    const fields = children(extension, TAG_SEQUENCE, "extension");
    if (oid(fields[0], "extension id") !== OID_SUBJECT_KEY_IDENTIFIER) continue;
    // extnID, critical?, extnValue: OCTET STRING wrapping the KeyIdentifier OCTET STRING.
    const value = fields[fields.length - 1];
    if (value?.tag !== TAG_OCTET_STRING) throw new CmsError("subjectKeyIdentifier extension has no value");
    return wholeTlv(value.body, TAG_OCTET_STRING, "subjectKeyIdentifier").body;
  }
  return null;
}

export function readCertificate(der: Uint8Array): SignerCertificate {
  const cert = wholeTlv(der, TAG_SEQUENCE, "certificate");
  const tbs = children(cert, TAG_SEQUENCE, "certificate")[0];
  const fields = children(tbs, TAG_SEQUENCE, "tbsCertificate");
  // [0] version?, serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, ...
  const at = fields[0]?.tag === TAG_CONTEXT_0 ? 1 : 0;
  const serial = fields[at];
  const issuer = fields[at + 2];
  if (!serial || !issuer) throw new CmsError("certificate is missing TBS fields");
  return {
    der,
    serialNumber: serial.raw,
    issuer: issuer.raw,
    subjectKeyIdentifier: subjectKeyIdentifier(fields.find((f) => f.tag === TAG_CONTEXT_3)),
    key: publicKey(fields[at + 5]),
  };
}
