/** SubjectPublicKeyInfo of a token's key, byte-identical to what gost-engine/OpenSSL write. */

import { AsnConvert, AsnProp, AsnPropTypes } from "@peculiar/asn1-schema";
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { digestOf, KEY_TYPES, paramSetByOid } from "../algorithms/registry.ts";
import type { KeyAlgorithmName } from "../protocol/index.ts";
import { octetStringValue, oidValue } from "./der-values.ts";

export interface TokenPublicKey {
  algorithm: KeyAlgorithmName;
  /** OID: for GOST the publicKeyParamSet (CKA_GOSTR3410_PARAMS), for EC the named curve. */
  paramSet: string;
  /** GOST CKA_GOSTR3411_PARAMS, if read from the token; checked against the key size. */
  digestParamSet?: string | undefined;
  /** As the token stores it: GOST CKA_VALUE, LE(x) ‖ LE(y); EC the uncompressed point. */
  raw: Uint8Array;
}

/** GostR3410-2012-PublicKeyParameters (RFC 7091 §3); the decorators are applied as calls (no legacy decorator syntax here). */
class GostPublicKeyParameters {
  publicKeyParamSet = "";
  digestParamSet?: string;
}
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(GostPublicKeyParameters.prototype, "publicKeyParamSet");
AsnProp({ type: AsnPropTypes.ObjectIdentifier, optional: true })(GostPublicKeyParameters.prototype, "digestParamSet");

export function tokenPublicKeyInfo(key: TokenPublicKey): SubjectPublicKeyInfo {
  const algorithm = KEY_TYPES[key.algorithm].publicKeyOid;
  if (key.algorithm === "ec-p256") {
    return new SubjectPublicKeyInfo({
      algorithm: new AlgorithmIdentifier({ algorithm, parameters: oidValue(key.paramSet) }),
      subjectPublicKey: new Uint8Array(key.raw).buffer,
    });
  }
  const parameters = new GostPublicKeyParameters();
  parameters.publicKeyParamSet = key.paramSet;
  // Whether digestParamSet goes in follows gost-engine, so the request matches the test oracle's.
  if (paramSetByOid(key.paramSet)?.spkiDigestParam === true) parameters.digestParamSet = digestOf(key.algorithm).oid;
  return new SubjectPublicKeyInfo({
    algorithm: new AlgorithmIdentifier({ algorithm, parameters: AsnConvert.serialize(parameters) }),
    // CKA_VALUE is exactly the OCTET STRING content inside the BIT STRING (docs/gost-pkcs11.md#public-key).
    subjectPublicKey: octetStringValue(key.raw),
  });
}
