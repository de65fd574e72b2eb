/**
 * Co-signing (CryptoPro's CoSignCades / CoSign): the signers of one CMS SignedData added to
 * another over the same content. The new signature is made separately, over the same
 * content, and only its SignerInfos, certificates and digest algorithms are carried over;
 * the original keeps its encapsulated content (attached or detached), CRLs and signers.
 * Certificates and SignerInfos are carried as encoded (signed-data.ts).
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { sameBytes } from "../encoding.ts";
import { decodeSignedData, encodedSet, encodeSignedData, encodings } from "./signed-data.ts";

/** Items of `extra` not already in `base`, byte for byte, appended in order. */
function union<T>(base: readonly T[], extra: readonly T[], encode: (item: T) => Uint8Array): T[] {
  const out = [...base];
  for (const item of extra) if (!out.some((known) => sameBytes(encode(known), encode(item)))) out.push(item);
  return out;
}

/** `original` with the signers of `cosigned` (a CMS over the same content) added after its own. */
export function addSigners(original: Uint8Array, cosigned: Uint8Array): Uint8Array {
  const a = decodeSignedData(original);
  const b = decodeSignedData(cosigned);
  // SignedData.version: the higher of the two, since each SignerInfo's version set its own.
  a.version = Math.max(a.version, b.version);
  const digestAlgorithms = union(a.digestAlgorithms, b.digestAlgorithms, (id) => new Uint8Array(AsnConvert.serialize(id)));
  a.digestAlgorithms.splice(0, a.digestAlgorithms.length, ...digestAlgorithms);
  const certificates = union(encodings(a.certificates), encodings(b.certificates), (der) => der);
  if (certificates.length > 0) a.certificates = encodedSet(certificates);
  a.signerInfos = encodedSet([...encodings(a.signerInfos), ...encodings(b.signerInfos)]);
  return encodeSignedData(a);
}
