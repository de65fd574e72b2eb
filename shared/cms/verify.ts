/**
 * CMS SignedData (CAdES-BES) verification for `kep verify` and the tests: each signer's
 * signature, its messageDigest against the content, and its signingCertificateV2 against the
 * certificate found in the CMS. Certificate-chain and revocation checks are not made here.
 */
import type { KeyAlgorithmName } from "../protocol/index.ts";
import { matchesCertificate, readSignedAttributes } from "./attributes.ts";
import { readCertificate, type SignerCertificate } from "./certificate.ts";
import { TAG_SET, sameBytes } from "./der.ts";
import { digest } from "./digest.ts";
import { CmsError } from "./errors.ts";
import { readSignedData, type SignerId, type SignerInfoParts } from "./signed-data.ts";
import { signerAlgorithm, verifySignature } from "./signature.ts";

export { CmsError } from "./errors.ts";

export interface CmsSignerVerification {
  /** The signer's certificate, DER, as carried in the CMS. */
  certificate: Uint8Array;
  signatureValid: boolean;
  /**
   * The content's digest equals the messageDigest attribute. Without signed attributes the
   * signature covers the content directly, so this equals signatureValid.
   */
  digestMatches: boolean;
  signingCertificateV2: "match" | "mismatch" | "absent";
  signingTime: Date | null;
  algorithm: KeyAlgorithmName;
}

export interface CmsVerification {
  signers: CmsSignerVerification[];
  /** The encapsulated content of an attached signature; null when detached. */
  content: Uint8Array | null;
  detached: boolean;
}

export interface CmsVerifyOptions {
  /** The signed content of a detached signature; the CMS's own content wins when it has one. */
  content?: Uint8Array;
  /**
   * Instead of the content, its digest (with the signers' digest algorithm), for a caller
   * that only hashed it (the plug-in's VerifyHash). Needs signed attributes: without them
   * the signature covers the content itself.
   */
  digest?: Uint8Array;
}

type Signed = { content: Uint8Array } | { digest: Uint8Array };

function findCertificate(certificates: readonly SignerCertificate[], sid: SignerId): SignerCertificate {
  const found = certificates.find((cert) =>
    "subjectKeyIdentifier" in sid
      ? cert.subjectKeyIdentifier !== null && sameBytes(cert.subjectKeyIdentifier, sid.subjectKeyIdentifier)
      : sameBytes(cert.issuer, sid.issuer) && sameBytes(cert.serialNumber, sid.serialNumber),
  );
  if (!found) throw new CmsError("the CMS does not carry the signer's certificate");
  return found;
}

async function verifySigner(signer: SignerInfoParts, certificates: readonly SignerCertificate[], signedContent: Signed): Promise<CmsSignerVerification> {
  const certificate = findCertificate(certificates, signer.sid);
  const algorithm = signerAlgorithm(certificate.key);
  const check = (signed: Uint8Array): Promise<boolean> =>
    verifySignature(certificate.key, signer.signatureAlgorithm, signer.digestAlgorithm, signed, signer.signature);
  if (!signer.signedAttributes) {
    if (!("content" in signedContent)) throw new CmsError("a signer without signed attributes signed the content itself: the digest is not enough");
    const valid = await check(signedContent.content);
    return {
      certificate: certificate.der,
      signatureValid: valid,
      digestMatches: valid,
      signingCertificateV2: "absent",
      signingTime: null,
      algorithm,
    };
  }
  const attributes = readSignedAttributes(signer.signedAttributes);
  // RFC 5652 §5.4: the signature covers the attributes re-tagged as a SET OF.
  const signed = signer.signedAttributes.raw.slice();
  signed[0] = TAG_SET;
  const essCertId = attributes.signingCertificate;
  return {
    certificate: certificate.der,
    signatureValid: await check(signed),
    digestMatches: sameBytes(
      "content" in signedContent ? await digest(signer.digestAlgorithm, signedContent.content) : signedContent.digest,
      attributes.messageDigest,
    ),
    signingCertificateV2: essCertId ? ((await matchesCertificate(essCertId, certificate)) ? "match" : "mismatch") : "absent",
    signingTime: attributes.signingTime,
    algorithm,
  };
}

export async function verifyCms(cms: Uint8Array, options: CmsVerifyOptions = {}): Promise<CmsVerification> {
  const parts = readSignedData(cms);
  const content = parts.content ?? options.content;
  const signed: Signed | null = content ? { content } : options.digest ? { digest: options.digest } : null;
  if (!signed) throw new CmsError("the signature is detached: pass the signed content to verify it");
  const certificates = parts.certificates.map(readCertificate);
  const signers = [];
  for (const signer of parts.signers) signers.push(await verifySigner(signer, certificates, signed));
  return { signers, content: parts.content, detached: parts.content === null };
}
