/** SubjectPublicKeyInfo of the token's key, byte-identical to what gost-engine/OpenSSL write. */

import { ALGORITHMS, paramSetName, type KeyAlgorithm } from "./algorithms.ts";
import { bitString, octetString, oid, sequence } from "./der-writer.ts";

export interface CsrPublicKey {
  algorithm: KeyAlgorithm;
  /** OID: for GOST the publicKeyParamSet (CKA_GOSTR3410_PARAMS), for EC the named curve. */
  paramSet: string;
  /** GOST CKA_GOSTR3411_PARAMS, if read from the token; checked against the key size. */
  digestParamSet?: string | undefined;
  /** As the token stores it: GOST CKA_VALUE, LE(x) ‖ LE(y); EC the uncompressed point. */
  raw: Uint8Array;
}

/**
 * Parameter sets whose SPKI carries digestParamSet. For the CryptoPro 256-bit sets RFC 9215
 * and CryptoPro include it (a real FNS-era certificate: XchA + 2012-256, docs/gost-pkcs11.md#parameter-sets);
 * gost-engine also writes it for tc26-512-A/B and omits it for tc26-256-* and tc26-512-C
 * (docs/gost-pkcs11.md#public-key, re-checked with `openssl pkey -pubout`). Decoders accept both forms; mirroring
 * gost-engine keeps the request byte-identical to what the test oracle makes for the key.
 */
function carriesDigestParamSet(name: string): boolean {
  return name.startsWith("CryptoPro-") || name === "TC26-512-A" || name === "TC26-512-B";
}

export function encodeSubjectPublicKeyInfo(key: CsrPublicKey): Uint8Array {
  const profile = ALGORITHMS[key.algorithm];
  if (key.algorithm === "ec-p256") {
    return sequence(sequence(oid(profile.keyOid), oid(key.paramSet)), bitString(key.raw));
  }
  const digest = profile.digestOid;
  const withDigest = digest !== undefined && carriesDigestParamSet(paramSetName(key.paramSet) ?? "");
  const parameters = withDigest ? sequence(oid(key.paramSet), oid(digest)) : sequence(oid(key.paramSet));
  // CKA_VALUE is exactly the OCTET STRING content inside the BIT STRING (docs/gost-pkcs11.md#public-key).
  return sequence(sequence(oid(profile.keyOid), parameters), bitString(octetString(key.raw)));
}
