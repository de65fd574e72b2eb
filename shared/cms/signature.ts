/**
 * Checks a SignerInfo signature with the signer certificate's key: GOST R 34.10-2012 through
 * shared/crypto, ECDSA P-256 through WebCrypto (which is why verification is async).
 */
import { AsnParser, OctetString } from "@peculiar/asn1-schema";
import { KEY_TYPES, keyTypeOfPublicKey } from "../algorithms/registry.ts";
import { verifyGost } from "../crypto/gost3410.ts";
import { GOST_CURVES } from "../crypto/gost3410-params.ts";
import type { KeyAlgorithmName } from "../protocol/index.ts";
import type { CertificateKey } from "./certificate.ts";
import { CmsError } from "./errors.ts";
import { rawEcdsaSignature } from "../pkix/signature-value.ts";
import { digest } from "./digest.ts";

export function signerAlgorithm(key: CertificateKey): KeyAlgorithmName {
  const algorithm = keyTypeOfPublicKey(key.algorithm, key.parameters);
  if (algorithm) return algorithm;
  throw new CmsError(`unsupported signer key: algorithm ${key.algorithm}, parameters ${key.parameters ?? "none"}`);
}

async function verifyEcdsa(key: CertificateKey, signed: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const raw = rawEcdsaSignature(signature, 32);
  if (!raw) return false;
  const algorithm = { name: "ECDSA", namedCurve: "P-256" };
  let publicKey: CryptoKey;
  try {
    publicKey = await crypto.subtle.importKey("spki", new Uint8Array(key.spki), algorithm, false, ["verify"]);
  } catch (cause) {
    throw new CmsError("signer certificate holds an unreadable P-256 key", { cause });
  }
  return crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, publicKey, raw, new Uint8Array(signed));
}

/** A GOST R 34.10-2012 signature (s‖r, as tokens make it) over a digest, with a certificate's key. */
export function verifyGostDigest(key: CertificateKey, digestValue: Uint8Array, signature: Uint8Array): boolean {
  const paramSet = key.parameters;
  if (!paramSet || !GOST_CURVES[paramSet]) {
    throw new CmsError(`unsupported GOST R 34.10 parameter set ${paramSet ?? "(none)"}`);
  }
  // The GOST SPKI BIT STRING wraps an OCTET STRING holding LE(x)‖LE(y) (docs/gost-pkcs11.md#public-key).
  let publicKey: Uint8Array;
  try {
    publicKey = new Uint8Array(AsnParser.parse(key.bits, OctetString).buffer);
  } catch (cause) {
    throw new CmsError("GOST public key is not an OCTET STRING", { cause });
  }
  return verifyGost(paramSet, publicKey, digestValue, signature);
}

async function verifyGostSigner(key: CertificateKey, digestAlgorithm: string, signed: Uint8Array, signature: Uint8Array): Promise<boolean> {
  return verifyGostDigest(key, await digest(digestAlgorithm, signed), signature);
}

/** Verifies `signature` over `signed` (the content or the re-tagged signed attributes). */
export async function verifySignature(
  key: CertificateKey,
  signatureAlgorithm: string,
  digestAlgorithm: string,
  signed: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  const algorithm = signerAlgorithm(key);
  if (!KEY_TYPES[algorithm].cmsSignatureOids.includes(signatureAlgorithm)) {
    throw new CmsError(`signature algorithm ${signatureAlgorithm} does not fit a ${algorithm} key`);
  }
  return algorithm === "ec-p256" ? verifyEcdsa(key, signed, signature) : verifyGostSigner(key, digestAlgorithm, signed, signature);
}
