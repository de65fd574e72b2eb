/**
 * Co-signing (CryptoPro's CoSignCades / CoSign): the signers of one CMS SignedData added to
 * another over the same content. The new signature is made separately, over the same
 * content, and only its SignerInfo, certificates and digest algorithm are carried over;
 * the original keeps its encapsulated content (attached or detached), CRLs and signers.
 */
import type { Tlv } from "../x509/tlv.ts";
import { children, sameBytes, TAG_CONTEXT_0, TAG_CONTEXT_1, TAG_INTEGER, TAG_SEQUENCE, TAG_SET, wholeTlv } from "./der.ts";
import { CmsError } from "./errors.ts";

function header(tag: number, length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(tag, length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Uint8Array.of(tag, 0x80 | bytes.length, ...bytes);
}

function encode(tag: number, parts: readonly Uint8Array[]): Uint8Array {
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

interface SignedDataFields {
  contentType: Tlv;
  version: Tlv;
  digestAlgorithms: Tlv[];
  encapContentInfo: Tlv;
  certificates: Tlv[];
  crls: Tlv | null;
  signerInfos: Tlv[];
}

function fields(cms: Uint8Array): SignedDataFields {
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

/** Items of `extra` not already in `base`, byte for byte, appended in order. */
function union(base: readonly Tlv[], extra: readonly Tlv[]): Uint8Array[] {
  const out = base.map((t) => t.raw);
  for (const t of extra) if (!out.some((raw) => sameBytes(raw, t.raw))) out.push(t.raw);
  return out;
}

/** `original` with the signers of `cosigned` (a CMS over the same content) added after its own. */
export function addSigners(original: Uint8Array, cosigned: Uint8Array): Uint8Array {
  const a = fields(original);
  const b = fields(cosigned);
  // SignedData.version: the higher of the two, since each SignerInfo's version set its own.
  const version = (b.version.body.at(-1) ?? 0) > (a.version.body.at(-1) ?? 0) ? b.version : a.version;
  const certificates = union(a.certificates, b.certificates);
  const signedData = encode(TAG_SEQUENCE, [
    version.raw,
    encode(TAG_SET, union(a.digestAlgorithms, b.digestAlgorithms)),
    a.encapContentInfo.raw,
    ...(certificates.length > 0 ? [encode(TAG_CONTEXT_0, certificates)] : []),
    ...(a.crls ? [a.crls.raw] : []),
    encode(TAG_SET, [...a.signerInfos.map((s) => s.raw), ...b.signerInfos.map((s) => s.raw)]),
  ]);
  return encode(TAG_SEQUENCE, [a.contentType.raw, encode(TAG_CONTEXT_0, [signedData])]);
}
