/**
 * A PKCS#10 certification request (RFC 2986) in the FNS profile, built on the schema library.
 * The token signs the request info (C_Sign with the key's mechanism), so this module never
 * sees a private key: it gives the bytes to sign and puts the token's signature around them.
 */

import { AsnConvert, AsnProp, AsnPropTypes } from "@peculiar/asn1-schema";
import { Attributes, CertificationRequestInfo } from "@peculiar/asn1-csr";
import { AlgorithmIdentifier } from "@peculiar/asn1-x509";
import { KEY_TYPES } from "../algorithms/registry.ts";
import { toBase64 } from "../encoding.ts";
import type { KeyAlgorithmName } from "../protocol/index.ts";
import { asEncoded } from "./der-values.ts";
import { requestAttributes, type RequestedExtensions } from "./request-extensions.ts";
import { requestSubject, type SubjectFields } from "./request-subject.ts";
import { x509Signature } from "./signature-value.ts";
import { tokenPublicKeyInfo, type TokenPublicKey } from "./token-public-key.ts";

export interface RequestContent {
  subject: SubjectFields;
  publicKey: TokenPublicKey;
  extensions: RequestedExtensions;
}

/** The DER of CertificationRequestInfo: exactly the bytes the token must sign. `content` must be validated. */
export function certificationRequestInfo({ subject, publicKey, extensions }: RequestContent): Uint8Array {
  const info = new CertificationRequestInfo({
    subject: requestSubject(subject),
    subjectPKInfo: tokenPublicKeyInfo(publicKey),
    // attributes [0] IMPLICIT SET OF Attribute; present even when empty (RFC 2986).
    attributes: new Attributes(requestAttributes(extensions)),
  });
  return new Uint8Array(AsnConvert.serialize(info));
}

/**
 * CertificationRequest with the info as the signed bytes themselves: asn1-csr's own class would
 * hold it decoded and encode it again, and the signature covers these exact bytes.
 * Decorators applied as calls (no legacy decorator syntax here).
 */
class SignedRequest {
  certificationRequestInfo = new ArrayBuffer(0);
  signatureAlgorithm = new AlgorithmIdentifier();
  signature = new ArrayBuffer(0);
}
AsnProp({ type: AsnPropTypes.Any, converter: asEncoded })(SignedRequest.prototype, "certificationRequestInfo");
AsnProp({ type: AlgorithmIdentifier })(SignedRequest.prototype, "signatureAlgorithm");
AsnProp({ type: AsnPropTypes.BitString })(SignedRequest.prototype, "signature");

/**
 * The CertificationRequest from the info and the token's raw signature. The GOST
 * AlgorithmIdentifier has no parameters, as CryptoPro writes it (docs/gost-pkcs11.md#algorithm-identifiers; OpenSSL
 * accepts absent and NULL); ecdsa-with-SHA256 has none by RFC 5758.
 */
export function assembleRequest(info: Uint8Array, algorithm: KeyAlgorithmName, tokenSignature: Uint8Array): Uint8Array {
  const request = Object.assign(new SignedRequest(), {
    certificationRequestInfo: new Uint8Array(info).buffer,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: KEY_TYPES[algorithm].signatureOid }),
    signature: new Uint8Array(x509Signature(algorithm, tokenSignature)).buffer,
  });
  return new Uint8Array(AsnConvert.serialize(request));
}

export function requestToPem(der: Uint8Array): string {
  const lines = toBase64(der).match(/.{1,64}/g) ?? [];
  return ["-----BEGIN CERTIFICATE REQUEST-----", ...lines, "-----END CERTIFICATE REQUEST-----", ""].join("\n");
}
