/**
 * CMS ContentInfo(SignedData) (RFC 5652 §5) on the schema library. The certificates, CRLs and
 * SignerInfos stay as their encodings: each carries a signature over its own bytes (an
 * issuer's, a signer's), so a SignedData that is extended — another signer, the content put
 * inside — must carry them verbatim, never decoded and encoded again.
 */
import { AsnArray, AsnConvert, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from "@peculiar/asn1-schema";
import { CMSVersion, ContentInfo, DigestAlgorithmIdentifiers, EncapsulatedContentInfo, id_signedData } from "@peculiar/asn1-cms";
import { readTlv } from "../x509/tlv.ts";
import { CmsError } from "../cms/errors.ts";
import { asEncoded, Encoded } from "./der-values.ts";

/** ContentInfo whose content may be missing, so that the content type is checked first. */
class AnyContentInfo extends ContentInfo {}
AsnProp({ type: AsnPropTypes.Any, context: 0, optional: true, converter: asEncoded })(AnyContentInfo.prototype, "content");

/** SET OF whatever, each element as encoded. */
class EncodedSet extends AsnArray<Encoded> {}
AsnType({ type: AsnTypeTypes.Set, itemType: Encoded })(EncodedSet);

/** SignedData with its signed parts as encodings; decorators applied as calls (no legacy decorator syntax here). */
export class ExactSignedData {
  version: number = CMSVersion.v1;
  digestAlgorithms = new DigestAlgorithmIdentifiers();
  encapContentInfo = new EncapsulatedContentInfo();
  certificates?: EncodedSet;
  crls?: EncodedSet;
  signerInfos = new EncodedSet();
}
AsnProp({ type: AsnPropTypes.Integer })(ExactSignedData.prototype, "version");
AsnProp({ type: DigestAlgorithmIdentifiers })(ExactSignedData.prototype, "digestAlgorithms");
AsnProp({ type: EncapsulatedContentInfo })(ExactSignedData.prototype, "encapContentInfo");
AsnProp({ type: EncodedSet, context: 0, implicit: true, optional: true })(ExactSignedData.prototype, "certificates");
AsnProp({ type: EncodedSet, context: 1, implicit: true, optional: true })(ExactSignedData.prototype, "crls");
AsnProp({ type: EncodedSet })(ExactSignedData.prototype, "signerInfos");

export const encodedSet = (items: readonly Uint8Array[]): EncodedSet => new EncodedSet(items.map((item) => new Encoded(new Uint8Array(item).buffer)));

/** The elements of a SET OF kept as encoded. */
export const encodings = (set: readonly Encoded[] | undefined): Uint8Array[] => (set ?? []).map(({ bytes }) => new Uint8Array(bytes));

/** The SignedData of a DER ContentInfo; CmsError for anything else. */
export function decodeSignedData(cms: Uint8Array): ExactSignedData {
  // The schema parser ignores trailing bytes; a signature file must be exactly one TLV.
  const outer = readTlv(cms);
  if (outer?.tag !== 0x30 || outer.end !== cms.length) throw new CmsError("CMS ContentInfo is not a complete DER value");
  let info: ContentInfo;
  try {
    info = AsnConvert.parse(cms, AnyContentInfo);
  } catch (cause) {
    throw new CmsError("CMS ContentInfo is malformed", { cause });
  }
  if (info.contentType !== id_signedData) throw new CmsError(`CMS content type is ${info.contentType}, not signedData`);
  if (!info.content) throw new CmsError("CMS ContentInfo has no content");
  try {
    return AsnConvert.parse(info.content, ExactSignedData);
  } catch (cause) {
    throw new CmsError("CMS SignedData is malformed", { cause });
  }
}

export function encodeSignedData(signedData: ExactSignedData): Uint8Array {
  const info = new AnyContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(signedData) });
  return new Uint8Array(AsnConvert.serialize(info));
}
