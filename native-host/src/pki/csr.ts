/**
 * PKCS#10 certification request for the FNS profile, signed by a callback: the host signs
 * on the token (C_Sign with CKM_GOSTR3410_WITH_GOSTR3411_12_256/512, or ECDSA), so this
 * module never sees a private key.
 */

import { toBase64 } from "../../../shared/encoding.ts";
import { KEY_TYPES } from "../../../shared/algorithms/registry.ts";
import type { KeyAlgorithmName } from "../../../shared/protocol/index.ts";
import { bitString, implicitConstructed, oid, sequence, setOf, smallInteger } from "./der-writer.ts";
import { CsrInputError } from "./errors.ts";
import { requestAttributes } from "./extensions.ts";
import { encodeSubjectPublicKeyInfo } from "./public-key.ts";
import { x509Signature } from "./signature-format.ts";
import { encodeSubject } from "./subject.ts";
import { checkCsrInput, type CsrInput } from "./validate.ts";
import type { LocalizedText } from "../../../shared/fns/identifiers.ts";

export type { RequestedExtensions } from "./extensions.ts";
export type { CsrPublicKey } from "./public-key.ts";
export type { SubjectFields } from "./subject.ts";
export type { CsrInput } from "./validate.ts";
export { CsrInputError } from "./errors.ts";
export { SignatureFormatError } from "./signature-format.ts";

/** Validates the subject (identifiers with check digits, lengths, required fields), the key and the extensions. */
export function validateCsrInput(input: CsrInput): { ok: true } | { ok: false; field: string; message: LocalizedText } {
  const checked = checkCsrInput(input);
  return checked.ok ? { ok: true } : checked;
}

/** The DER of CertificationRequestInfo: exactly the bytes the token must sign. Throws CsrInputError on invalid input. */
export function certificationRequestInfo(input: CsrInput): Uint8Array {
  const checked = checkCsrInput(input);
  if (!checked.ok) throw new CsrInputError(checked.field, checked.message);
  const { subject, publicKey, extensions } = checked.input;
  return sequence(
    smallInteger(0),
    encodeSubject(subject),
    encodeSubjectPublicKeyInfo(publicKey),
    // attributes [0] IMPLICIT SET OF Attribute; present even when empty (RFC 2986).
    implicitConstructed(0, setOf(...requestAttributes(extensions))),
  );
}

/**
 * The CertificationRequest from the info and the token's raw signature. The GOST
 * AlgorithmIdentifier has no parameters, as CryptoPro writes it (docs/gost-pkcs11.md#algorithm-identifiers; OpenSSL
 * accepts absent and NULL); ecdsa-with-SHA256 has none by RFC 5758.
 */
export function assembleCsr(info: Uint8Array, algorithm: KeyAlgorithmName, tokenSignature: Uint8Array): Uint8Array {
  const signatureAlgorithm = sequence(oid(KEY_TYPES[algorithm].signatureOid));
  return sequence(info, signatureAlgorithm, bitString(x509Signature(algorithm, tokenSignature)));
}

/** Validate → info → sign → assemble. Invalid input throws CsrInputError before `sign` is called. */
export async function buildCsr(input: CsrInput, sign: (tbs: Uint8Array) => Promise<Uint8Array>): Promise<Uint8Array> {
  const info = certificationRequestInfo(input);
  return assembleCsr(info, input.publicKey.algorithm, await sign(info));
}

export function csrToPem(der: Uint8Array): string {
  const lines = toBase64(der).match(/.{1,64}/g) ?? [];
  return ["-----BEGIN CERTIFICATE REQUEST-----", ...lines, "-----END CERTIFICATE REQUEST-----", ""].join("\n");
}
