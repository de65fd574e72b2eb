import { children, TAG_CONTEXT_0, TAG_OCTET_STRING, TAG_SEQUENCE } from "./der.ts";
import { CmsError } from "./errors.ts";
import { encode, encodeSignedData, signedDataFields } from "./signed-data-fields.ts";

/**
 * A detached CAdES made attached: the document goes into encapContentInfo where its bytes
 * are (the extension's background, the CLI), so it never travels to the host. The signers
 * signed their signed attributes, which carry the document's digest, not the content field,
 * so every signature stays valid.
 */
export function attachContent(detached: Uint8Array, content: Uint8Array): Uint8Array {
  const fields = signedDataFields(detached);
  const [eContentType, eContent] = children(fields.encapContentInfo, TAG_SEQUENCE, "SignedData.encapContentInfo");
  if (!eContentType) throw new CmsError("SignedData.encapContentInfo has no content type");
  if (eContent) throw new CmsError("the signature already holds its content");
  return encodeSignedData({
    contentType: fields.contentType.raw,
    version: fields.version.raw,
    digestAlgorithms: fields.digestAlgorithms.map((t) => t.raw),
    encapContentInfo: encode(TAG_SEQUENCE, [eContentType.raw, encode(TAG_CONTEXT_0, [encode(TAG_OCTET_STRING, [content])])]),
    certificates: fields.certificates.map((t) => t.raw),
    crls: fields.crls?.raw ?? null,
    signerInfos: fields.signerInfos.map((t) => t.raw),
  });
}
