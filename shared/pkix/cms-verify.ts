/**
 * CMS SignedData (CAdES-BES) verification for `kep verify`, the page API and the tests: each
 * signer's signature, its messageDigest against the content, and its signingCertificateV2
 * against the certificate found in the CMS. Certificate-chain and revocation checks are not made here.
 */
import { AsnConvert } from "@peculiar/asn1-schema";
import { SignerInfo, type SignerIdentifier } from "@peculiar/asn1-cms";
import { digest } from "../cms/digest.ts";
import { readCertificate, type SignerCertificate } from "../cms/certificate.ts";
import { signerAlgorithm, verifySignature } from "../cms/signature.ts";
import { sameBytes } from "../encoding.ts";
import type { KeyAlgorithmName } from "../protocol/index.ts";
import { matchesCertificate, readSignedAttributes } from "./cades-attributes-check.ts";
import { CmsError } from "../cms/errors.ts";
import { readTlv } from "../x509/tlv.ts";
import { decodeSignedData, encodings } from "./signed-data.ts";

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

const TAG_SEQUENCE = 0x30;
const TAG_SET = 0x31;

function findCertificate(certificates: readonly SignerCertificate[], sid: SignerIdentifier): SignerCertificate {
  const { subjectKeyIdentifier: keyId, issuerAndSerialNumber: issuerSerial } = sid;
  const found = certificates.find((cert) =>
    keyId
      ? cert.subjectKeyIdentifier !== null && sameBytes(cert.subjectKeyIdentifier, new Uint8Array(keyId.buffer))
      : issuerSerial !== undefined &&
        sameBytes(cert.issuer, new Uint8Array(AsnConvert.serialize(issuerSerial.issuer))) &&
        sameBytes(new Uint8Array(cert.asn.tbsCertificate.serialNumber), new Uint8Array(issuerSerial.serialNumber)),
  );
  if (!found) throw new CmsError("the CMS does not carry the signer's certificate");
  return found;
}

function signerInfo(encoded: Uint8Array): SignerInfo {
  try {
    return AsnConvert.parse(encoded, SignerInfo);
  } catch (cause) {
    throw new CmsError("SignerInfo is malformed", { cause });
  }
}

/**
 * The signed attributes exactly as encoded, which the signature covers. asn1-cms 2.11 has a
 * signedAttrsRaw field but its parser never fills it for a SET OF, so the [0] is found by
 * stepping over version, sid and digestAlgorithm of the (already parsed) SignerInfo.
 */
function encodedSignedAttributes(encoded: Uint8Array): Uint8Array {
  const body = readTlv(encoded)!.body;
  let offset = 0;
  for (let field = 0; field < 3; field++) offset = readTlv(body, offset)!.end;
  return readTlv(body, offset)!.raw;
}

async function verifySigner(encoded: Uint8Array, certificates: readonly SignerCertificate[], signedContent: Signed): Promise<CmsSignerVerification> {
  const signer = signerInfo(encoded);
  const certificate = findCertificate(certificates, signer.sid);
  const algorithm = signerAlgorithm(certificate.key);
  const check = (signed: Uint8Array): Promise<boolean> =>
    verifySignature(certificate.key, signer.signatureAlgorithm.algorithm, signer.digestAlgorithm.algorithm, signed, new Uint8Array(signer.signature.buffer));
  if (!signer.signedAttrs) {
    if (!("content" in signedContent)) throw new CmsError("a signer without signed attributes signed the content itself: the digest is not enough");
    const valid = await check(signedContent.content);
    return { certificate: certificate.der, signatureValid: valid, digestMatches: valid, signingCertificateV2: "absent", signingTime: null, algorithm };
  }
  const attributes = readSignedAttributes(signer.signedAttrs);
  // RFC 5652 §5.4: the signature covers the attributes as encoded, re-tagged as a SET OF.
  const signed = encodedSignedAttributes(encoded).slice();
  signed[0] = TAG_SET;
  const essCertId = attributes.signingCertificate;
  return {
    certificate: certificate.der,
    signatureValid: await check(signed),
    digestMatches: sameBytes(
      "content" in signedContent ? await digest(signer.digestAlgorithm.algorithm, signedContent.content) : signedContent.digest,
      attributes.messageDigest,
    ),
    signingCertificateV2: essCertId ? ((await matchesCertificate(essCertId, certificate)) ? "match" : "mismatch") : "absent",
    signingTime: attributes.signingTime,
    algorithm,
  };
}

export async function verifyCms(cms: Uint8Array, options: CmsVerifyOptions = {}): Promise<CmsVerification> {
  const signedData = decodeSignedData(cms);
  const eContent = signedData.encapContentInfo.eContent;
  if (eContent && !eContent.single) throw new CmsError("eContent is not a DER OCTET STRING");
  const own = eContent?.single ? new Uint8Array(eContent.single.buffer) : null;
  const content = own ?? options.content;
  const signed: Signed | null = content ? { content } : options.digest ? { digest: options.digest } : null;
  if (!signed) throw new CmsError("the signature is detached: pass the signed content to verify it");
  // Other CertificateChoices (attribute certificates, other formats) are tagged and skipped.
  const certificates = encodings(signedData.certificates)
    .filter((der) => der[0] === TAG_SEQUENCE)
    .map(readCertificate);
  if (signedData.signerInfos.length === 0) throw new CmsError("CMS has no signers");
  const signers = [];
  for (const encoded of encodings(signedData.signerInfos)) signers.push(await verifySigner(encoded, certificates, signed));
  return { signers, content: own, detached: own === null };
}
