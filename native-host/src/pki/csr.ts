/**
 * The host's PKCS#10 request: the input is checked and normalised here, then the request is
 * built by shared/pkix/request.ts and signed on the token (C_Sign with the key's mechanism),
 * so no private key is ever seen.
 */

import type { LocalizedText } from "../../../shared/fns/identifiers.ts";
import { assembleRequest, certificationRequestInfo as requestInfo } from "../../../shared/pkix/request.ts";
import { KepError, type KeyAlgorithmName } from "../../../shared/protocol/index.ts";
import { checkCsrInput, type CsrInput } from "./validate.ts";

export type { RequestedExtensions } from "../../../shared/pkix/request-extensions.ts";
export type { SubjectFields } from "../../../shared/pkix/request-subject.ts";
export type { CsrInput } from "./validate.ts";
export { requestToPem as csrToPem } from "../../../shared/pkix/request.ts";

/** Validates the subject (identifiers with check digits, lengths, required fields), the key and the extensions. */
export function validateCsrInput(input: CsrInput): { ok: true } | { ok: false; field: string; message: LocalizedText } {
  const checked = checkCsrInput(input);
  return checked.ok ? { ok: true } : checked;
}

/** The DER of CertificationRequestInfo: exactly the bytes the token must sign. Throws INVALID_FIELD, naming the field, on invalid input. */
export function certificationRequestInfo(input: CsrInput): Uint8Array {
  const checked = checkCsrInput(input);
  if (!checked.ok) {
    const { field, message } = checked;
    throw new KepError("INVALID_FIELD", `${field}: ${message.en}`, { field, problemRu: message.ru, problemEn: message.en });
  }
  return requestInfo(checked.input);
}

/** The CertificationRequest from the info and the token's raw signature (s ‖ r for GOST, r ‖ s for ECDSA). */
export function assembleCsr(info: Uint8Array, algorithm: KeyAlgorithmName, tokenSignature: Uint8Array): Uint8Array {
  return assembleRequest(info, algorithm, tokenSignature);
}

/** Validate → info → sign → assemble. Invalid input throws INVALID_FIELD before `sign` is called. */
export async function buildCsr(input: CsrInput, sign: (tbs: Uint8Array) => Promise<Uint8Array>): Promise<Uint8Array> {
  const info = certificationRequestInfo(input);
  return assembleRequest(info, input.publicKey.algorithm, await sign(info));
}
