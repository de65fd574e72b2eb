/** SubjectPublicKeyInfo of the token's key, byte-identical to what gost-engine/OpenSSL write. */

import { digestOf, KEY_TYPES, paramSetByOid } from "../../../shared/algorithms/registry.ts";
import type { KeyAlgorithmName } from "../../../shared/protocol/index.ts";
import { bitString, octetString, oid, sequence } from "./der-writer.ts";

export interface CsrPublicKey {
  algorithm: KeyAlgorithmName;
  /** OID: for GOST the publicKeyParamSet (CKA_GOSTR3410_PARAMS), for EC the named curve. */
  paramSet: string;
  /** GOST CKA_GOSTR3411_PARAMS, if read from the token; checked against the key size. */
  digestParamSet?: string | undefined;
  /** As the token stores it: GOST CKA_VALUE, LE(x) ‖ LE(y); EC the uncompressed point. */
  raw: Uint8Array;
}

export function encodeSubjectPublicKeyInfo(key: CsrPublicKey): Uint8Array {
  const keyOid = KEY_TYPES[key.algorithm].publicKeyOid;
  if (key.algorithm === "ec-p256") {
    return sequence(sequence(oid(keyOid), oid(key.paramSet)), bitString(key.raw));
  }
  // Whether digestParamSet goes in follows gost-engine, so the request matches the test oracle's.
  const withDigest = paramSetByOid(key.paramSet)?.spkiDigestParam === true;
  const parameters = withDigest ? sequence(oid(key.paramSet), oid(digestOf(key.algorithm).oid)) : sequence(oid(key.paramSet));
  // CKA_VALUE is exactly the OCTET STRING content inside the BIT STRING (docs/gost-pkcs11.md#public-key).
  return sequence(sequence(oid(keyOid), parameters), bitString(octetString(key.raw)));
}
