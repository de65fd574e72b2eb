/**
 * Splits a DER ContentInfo holding SignedData (RFC 5652 §5) into the parts verification uses.
 * Only DER is read: the BER forms (indefinite lengths, constructed OCTET STRINGs) that no GOST
 * signer we target emits are reported as malformed.
 */
import type { Tlv } from "../x509/tlv.ts";
import {
  TAG_CONTEXT_0,
  TAG_CONTEXT_0_PRIMITIVE,
  TAG_CONTEXT_1,
  TAG_INTEGER,
  TAG_OCTET_STRING,
  TAG_SEQUENCE,
  TAG_SET,
  algorithmOid,
  children,
  expectTag,
  oid,
  wholeTlv,
} from "./der.ts";
import { CmsError } from "./errors.ts";

const OID_SIGNED_DATA = "1.2.840.113549.1.7.2";

export type SignerId = { issuer: Uint8Array; serialNumber: Uint8Array } | { subjectKeyIdentifier: Uint8Array };

export interface SignerInfoParts {
  sid: SignerId;
  digestAlgorithm: string;
  /** The [0] IMPLICIT signedAttrs TLV as encoded; null when the signer signed the content itself. */
  signedAttributes: Tlv | null;
  signatureAlgorithm: string;
  signature: Uint8Array;
}

export interface SignedDataParts {
  contentType: string;
  /** The encapsulated content; null for a detached signature. */
  content: Uint8Array | null;
  certificates: Uint8Array[];
  signers: SignerInfoParts[];
}

function signerId(tlv: Tlv | undefined): SignerId {
  if (tlv?.tag === TAG_CONTEXT_0_PRIMITIVE) return { subjectKeyIdentifier: tlv.body };
  const [issuer, serial] = children(tlv, TAG_SEQUENCE, "SignerInfo.sid");
  return {
    issuer: expectTag(issuer, TAG_SEQUENCE, "sid issuer").raw,
    serialNumber: expectTag(serial, TAG_INTEGER, "sid serialNumber").raw,
  };
}

function signerInfo(tlv: Tlv): SignerInfoParts {
  const fields = children(tlv, TAG_SEQUENCE, "SignerInfo");
  // version, sid, digestAlgorithm, [0] signedAttrs?, signatureAlgorithm, signature, [1] unsignedAttrs?
  const signedAttributes = fields[3]?.tag === TAG_CONTEXT_0 ? fields[3] : null;
  const at = signedAttributes ? 4 : 3;
  expectTag(fields[0], TAG_INTEGER, "SignerInfo.version");
  return {
    sid: signerId(fields[1]),
    digestAlgorithm: algorithmOid(fields[2], "SignerInfo.digestAlgorithm"),
    signedAttributes,
    signatureAlgorithm: algorithmOid(fields[at], "SignerInfo.signatureAlgorithm"),
    signature: expectTag(fields[at + 1], TAG_OCTET_STRING, "SignerInfo.signature").body,
  };
}

export function readSignedData(cms: Uint8Array): SignedDataParts {
  const [contentType, explicit] = children(wholeTlv(cms, TAG_SEQUENCE, "CMS ContentInfo"), TAG_SEQUENCE, "CMS ContentInfo");
  const type = oid(contentType, "ContentInfo.contentType");
  if (type !== OID_SIGNED_DATA) throw new CmsError(`CMS content type is ${type}, not signedData`);
  const fields = children(children(explicit, TAG_CONTEXT_0, "ContentInfo.content")[0], TAG_SEQUENCE, "SignedData");
  // version, digestAlgorithms, encapContentInfo, [0] certificates?, [1] crls?, signerInfos
  const [eContentType, eContent] = children(fields[2], TAG_SEQUENCE, "SignedData.encapContentInfo");
  const content = eContent ? expectTag(children(eContent, TAG_CONTEXT_0, "eContent")[0], TAG_OCTET_STRING, "eContent").body : null;
  let at = 3;
  const certificates: Uint8Array[] = [];
  if (fields[at]?.tag === TAG_CONTEXT_0) {
    // Other CertificateChoices (attribute certificates, other formats) are tagged and skipped.
    for (const cert of children(fields[at], TAG_CONTEXT_0, "SignedData.certificates")) {
      if (cert.tag === TAG_SEQUENCE) certificates.push(cert.raw);
    }
    at++;
  }
  if (fields[at]?.tag === TAG_CONTEXT_1) at++;
  const signers = children(fields[at], TAG_SET, "SignedData.signerInfos").map(signerInfo);
  if (signers.length === 0) throw new CmsError("CMS has no signers");
  return { contentType: oid(eContentType, "eContentType"), content, certificates, signers };
}
