/**
 * The one place that turns what a token's C_Sign returns into the signature bytes X.509
 * (request/certificate BIT STRING) and CMS (SignerInfo OCTET STRING) carry, and back for verifying.
 */

import { AsnConvert, AsnIntegerBigIntConverter, AsnParser, AsnProp, AsnPropTypes } from "@peculiar/asn1-schema";
import { KEY_TYPES } from "../algorithms/registry.ts";
import type { KeyAlgorithmName } from "../protocol/index.ts";
import { fromHex, toHex } from "../encoding.ts";
import { KepError } from "../protocol/kep-error.ts";

/** Ecdsa-Sig-Value (RFC 3279 §2.2.3) with minimal two's-complement INTEGERs; decorators applied as calls. */
class EcdsaSigValue {
  r = 0n;
  s = 0n;
}
AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerBigIntConverter })(EcdsaSigValue.prototype, "r");
AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerBigIntConverter })(EcdsaSigValue.prototype, "s");

const unsigned = (bytes: Uint8Array): bigint => BigInt(`0x${toHex(bytes) || "0"}`);

export function x509Signature(algorithm: KeyAlgorithmName, tokenSignature: Uint8Array): Uint8Array {
  const { signatureLength } = KEY_TYPES[algorithm];
  if (tokenSignature.length !== signatureLength) {
    // A token that answers C_Sign with the wrong length is broken, not the caller.
    throw new KepError("INTERNAL", `${algorithm} signature from the token is ${tokenSignature.length} bytes, expected ${signatureLength}`);
  }
  if (algorithm === "ec-p256") {
    // PKCS#11 ECDSA returns r ‖ s, fixed width; X.509 wants Ecdsa-Sig-Value ::= SEQUENCE { r, s }.
    const half = signatureLength / 2;
    const value = Object.assign(new EcdsaSigValue(), { r: unsigned(tokenSignature.subarray(0, half)), s: unsigned(tokenSignature.subarray(half)) });
    return new Uint8Array(AsnConvert.serialize(value));
  }
  // GOST: the token returns s ‖ r, big-endian halves, which is already the X.509/CMS layout
  // (docs/gost-pkcs11.md#byte-order: checked against gost-engine and on a Rutoken device). No reversal.
  return tokenSignature.slice();
}

/** Ecdsa-Sig-Value → the fixed-width r ‖ s WebCrypto takes; null if it is not that shape or a value does not fit. */
export function rawEcdsaSignature(der: Uint8Array, half: number): Uint8Array<ArrayBuffer> | null {
  let value: EcdsaSigValue;
  try {
    value = AsnParser.parse(der, EcdsaSigValue);
  } catch {
    return null;
  }
  const out = new Uint8Array(2 * half);
  for (const [i, n] of [value.r, value.s].entries()) {
    const hex = n.toString(16);
    if (n < 0n || hex.length > 2 * half) return null;
    out.set(fromHex(hex.padStart(2 * half, "0")), i * half);
  }
  return out;
}
