/**
 * A CMS SignedData taken apart into its fields as encoded, and DER put back together, so a
 * signature can be extended (another signer, the content placed inside) without touching the
 * bytes a signer signed.
 */
import type { Tlv } from "../x509/tlv.ts";
import { children, TAG_CONTEXT_0, TAG_CONTEXT_1, TAG_INTEGER, TAG_SEQUENCE, TAG_SET, wholeTlv } from "./der.ts";
import { CmsError } from "./errors.ts";

function header(tag: number, length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(tag, length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Uint8Array.of(tag, 0x80 | bytes.length, ...bytes);
}

export function encode(tag: number, parts: readonly Uint8Array[]): Uint8Array {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const head = header(tag, length);
  const out = new Uint8Array(head.length + length);
  out.set(head);
  let offset = head.length;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export interface SignedDataFields {
  contentType: Tlv;
  version: Tlv;
  digestAlgorithms: Tlv[];
  encapContentInfo: Tlv;
  certificates: Tlv[];
  crls: Tlv | null;
  signerInfos: Tlv[];
}

export function signedDataFields(cms: Uint8Array): SignedDataFields {
  const [contentType, explicit] = children(wholeTlv(cms, TAG_SEQUENCE, "CMS ContentInfo"), TAG_SEQUENCE, "CMS ContentInfo");
  if (!contentType) throw new CmsError("CMS ContentInfo is empty");
  const f = children(children(explicit, TAG_CONTEXT_0, "ContentInfo.content")[0], TAG_SEQUENCE, "SignedData");
  let at = 3;
  const certificates = f[at]?.tag === TAG_CONTEXT_0 ? children(f[at++], TAG_CONTEXT_0, "SignedData.certificates") : [];
  const crls = f[at]?.tag === TAG_CONTEXT_1 ? f[at++]! : null;
  const version = f[0];
  const encapContentInfo = f[2];
  if (version?.tag !== TAG_INTEGER || !encapContentInfo) throw new CmsError("SignedData is incomplete");
  return {
    contentType,
    version,
    digestAlgorithms: children(f[1], TAG_SET, "SignedData.digestAlgorithms"),
    encapContentInfo,
    certificates,
    crls,
    signerInfos: children(f[at], TAG_SET, "SignedData.signerInfos"),
  };
}

/** ContentInfo(SignedData) from its fields, each given as its encoding. */
export function encodeSignedData(fields: {
  contentType: Uint8Array;
  version: Uint8Array;
  digestAlgorithms: readonly Uint8Array[];
  encapContentInfo: Uint8Array;
  certificates: readonly Uint8Array[];
  crls: Uint8Array | null;
  signerInfos: readonly Uint8Array[];
}): Uint8Array {
  const signedData = encode(TAG_SEQUENCE, [
    fields.version,
    encode(TAG_SET, fields.digestAlgorithms),
    fields.encapContentInfo,
    ...(fields.certificates.length > 0 ? [encode(TAG_CONTEXT_0, fields.certificates)] : []),
    ...(fields.crls ? [fields.crls] : []),
    encode(TAG_SET, fields.signerInfos),
  ]);
  return encode(TAG_SEQUENCE, [fields.contentType, encode(TAG_CONTEXT_0, [signedData])]);
}
