import pkcs11js from "pkcs11js";
import type { KeyAlgorithmName } from "../../../shared/protocol/index.ts";
import {
  CKK_EC,
  CKK_GOSTR3410,
  CKK_GOSTR3410_512,
  CKM_GOSTR3410,
  CKM_GOSTR3410_512,
  CKM_GOSTR3410_512_KEY_PAIR_GEN,
  CKM_GOSTR3410_KEY_PAIR_GEN,
} from "./constants.ts";

export interface KeyAlgorithm {
  keyType: number;
  generate: number;
  /** Signs a precomputed digest: GOST over the Streebog bytes as OpenSSL prints them, ECDSA over SHA-256. */
  signDigest: number;
  digestLength: number;
  /** CKA_GOSTR3411_PARAMS, the digest the key is bound to; null for EC. */
  digestParamSet: string | null;
  /** The first is the default. */
  paramSets: readonly string[];
}

/**
 * What the host can generate, per the protocol's algorithm names. GOST 256 defaults to
 * CryptoPro-XchA, the set CryptoPro, the Rutoken plug-in and FNS-issued keys use (facts
 * §2.5); 512 to TC26-512-A. EC P-256 exists for modules without GOST (SoftHSM2).
 */
export const KEY_ALGORITHMS: Record<KeyAlgorithmName, KeyAlgorithm> = {
  "gost2012-256": {
    keyType: CKK_GOSTR3410,
    generate: CKM_GOSTR3410_KEY_PAIR_GEN,
    signDigest: CKM_GOSTR3410,
    digestLength: 32,
    digestParamSet: "1.2.643.7.1.1.2.2",
    paramSets: [
      "1.2.643.2.2.36.0",
      "1.2.643.2.2.36.1",
      "1.2.643.2.2.35.1",
      "1.2.643.2.2.35.2",
      "1.2.643.2.2.35.3",
      "1.2.643.7.1.2.1.1.1",
      "1.2.643.7.1.2.1.1.2",
      "1.2.643.7.1.2.1.1.3",
      "1.2.643.7.1.2.1.1.4",
    ],
  },
  "gost2012-512": {
    keyType: CKK_GOSTR3410_512,
    generate: CKM_GOSTR3410_512_KEY_PAIR_GEN,
    signDigest: CKM_GOSTR3410_512,
    digestLength: 64,
    digestParamSet: "1.2.643.7.1.1.2.3",
    paramSets: ["1.2.643.7.1.2.1.2.1", "1.2.643.7.1.2.1.2.2", "1.2.643.7.1.2.1.2.3"],
  },
  "ec-p256": {
    keyType: CKK_EC,
    generate: pkcs11js.CKM_EC_KEY_PAIR_GEN,
    signDigest: pkcs11js.CKM_ECDSA,
    digestLength: 32,
    digestParamSet: null,
    paramSets: ["1.2.840.10045.3.1.7"],
  },
};

export function keyAlgorithmOf(keyType: number | undefined, paramSet: string | null): KeyAlgorithmName | undefined {
  return (Object.keys(KEY_ALGORITHMS) as KeyAlgorithmName[]).find(
    (name) => KEY_ALGORITHMS[name].keyType === keyType && (paramSet === null || KEY_ALGORITHMS[name].paramSets.includes(paramSet)),
  );
}
