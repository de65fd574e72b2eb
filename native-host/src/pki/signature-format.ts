/**
 * The one place that turns what a token's C_Sign returns into the signature bytes X.509
 * (CSR/certificate BIT STRING) and CMS (SignerInfo OCTET STRING) carry.
 */

import { KEY_TYPES } from "../../../shared/algorithms/registry.ts";
import type { KeyAlgorithmName } from "../../../shared/protocol/index.ts";
import { sequence, unsignedInteger } from "./der-writer.ts";

export class SignatureFormatError extends Error {}

export function x509Signature(algorithm: KeyAlgorithmName, tokenSignature: Uint8Array): Uint8Array {
  const { signatureLength } = KEY_TYPES[algorithm];
  if (tokenSignature.length !== signatureLength) {
    throw new SignatureFormatError(`${algorithm} signature from the token is ${tokenSignature.length} bytes, expected ${signatureLength}`);
  }
  if (algorithm === "ec-p256") {
    // PKCS#11 ECDSA returns r ‖ s, fixed width; X.509 wants Ecdsa-Sig-Value ::= SEQUENCE { r, s }.
    const half = signatureLength / 2;
    return sequence(unsignedInteger(tokenSignature.subarray(0, half)), unsignedInteger(tokenSignature.subarray(half)));
  }
  // GOST: the token returns s ‖ r, big-endian halves, which is already the X.509/CMS layout
  // (docs/gost-pkcs11.md#byte-order: checked against gost-engine and on a Rutoken device). No reversal.
  return tokenSignature.slice();
}
