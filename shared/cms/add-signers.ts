/**
 * Co-signing (CryptoPro's CoSignCades / CoSign): the signers of one CMS SignedData added to
 * another over the same content. The new signature is made separately, over the same
 * content, and only its SignerInfo, certificates and digest algorithm are carried over;
 * the original keeps its encapsulated content (attached or detached), CRLs and signers.
 */
import type { Tlv } from "../x509/tlv.ts";
import { sameBytes } from "./der.ts";
import { encodeSignedData, signedDataFields } from "./signed-data-fields.ts";

/** Items of `extra` not already in `base`, byte for byte, appended in order. */
function union(base: readonly Tlv[], extra: readonly Tlv[]): Uint8Array[] {
  const out = base.map((t) => t.raw);
  for (const t of extra) if (!out.some((raw) => sameBytes(raw, t.raw))) out.push(t.raw);
  return out;
}

/** `original` with the signers of `cosigned` (a CMS over the same content) added after its own. */
export function addSigners(original: Uint8Array, cosigned: Uint8Array): Uint8Array {
  const a = signedDataFields(original);
  const b = signedDataFields(cosigned);
  // SignedData.version: the higher of the two, since each SignerInfo's version set its own.
  const version = (b.version.body.at(-1) ?? 0) > (a.version.body.at(-1) ?? 0) ? b.version : a.version;
  return encodeSignedData({
    contentType: a.contentType.raw,
    version: version.raw,
    digestAlgorithms: union(a.digestAlgorithms, b.digestAlgorithms),
    encapContentInfo: a.encapContentInfo.raw,
    certificates: union(a.certificates, b.certificates),
    crls: a.crls?.raw ?? null,
    signerInfos: [...a.signerInfos.map((s) => s.raw), ...b.signerInfos.map((s) => s.raw)],
  });
}
