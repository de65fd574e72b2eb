/**
 * The one table of the key types kep-bridge generates and signs with, their parameter sets
 * and digests: OIDs, lengths, PKCS#11 key type and mechanisms, and what each key may do.
 * Everything else reads these rows. PKCS#11 values are given by name so the extension can
 * import this file; the host turns names into numbers in native-host/src/pkcs11/constants.ts.
 * Values: docs/gost-pkcs11.md (#constants, #parameter-sets, #public-key, #algorithm-identifiers).
 */

import { KEY_ALGORITHM_NAMES, type KeyAlgorithmName } from "../protocol/index.ts";

/**
 * How a certificate's key is named: by its row here when kep-bridge makes such keys, else
 * by its family, so keys from other CAs (a 2001 GOST key, another EC curve, RSA) are still
 * described instead of refused.
 */
export type CertificateKeyAlgorithm = KeyAlgorithmName | "gost2001" | "ec" | "rsa" | "other";

export type DigestName = "streebog-256" | "streebog-512" | "sha-256";

export interface Digest {
  oid: string;
  label: string;
  length: 32 | 64;
  /** GOST AlgorithmIdentifiers carry an explicit NULL, as gost-engine and CryptoPro write them. */
  nullParameter: boolean;
}

export const DIGESTS: Readonly<Record<DigestName, Digest>> = {
  "streebog-256": { oid: "1.2.643.7.1.1.2.2", label: "GOST R 34.11-2012 256", length: 32, nullParameter: true },
  "streebog-512": { oid: "1.2.643.7.1.1.2.3", label: "GOST R 34.11-2012 512", length: 64, nullParameter: true },
  "sha-256": { oid: "2.16.840.1.101.3.4.2.1", label: "SHA-256", length: 32, nullParameter: false },
};

/** PKCS#11 names the rows use: the TC26 vendor ones and the standard ones pkcs11js exports. */
export type Pkcs11KeyTypeName = "CKK_GOSTR3410" | "CKK_GOSTR3410_512" | "CKK_EC";
export type Pkcs11MechanismName =
  | "CKM_GOSTR3410_KEY_PAIR_GEN"
  | "CKM_GOSTR3410_512_KEY_PAIR_GEN"
  | "CKM_GOSTR3410"
  | "CKM_GOSTR3410_512"
  | "CKM_GOSTR3410_12_DERIVE"
  | "CKM_EC_KEY_PAIR_GEN"
  | "CKM_ECDSA";

export interface KeyType {
  label: string;
  publicKeyOid: string;
  /**
   * id-ecPublicKey covers every curve, so an EC key's type is known only with its curve;
   * a GOST key OID names the key type by itself.
   */
  identifiedByCurve: boolean;
  /** Certificate and request signatureAlgorithm. */
  signatureOid: string;
  signatureLabel: string;
  /** SignerInfo.signatureAlgorithm: the first is written (for GOST the key OID, as gost-engine and CryptoPro do), all are accepted. */
  cmsSignatureOids: readonly [string, ...string[]];
  digest: DigestName;
  /** GOST keys are bound to their digest: CKA_GOSTR3411_PARAMS on the token, digestParamSet in the SPKI. */
  boundToDigest: boolean;
  /** Length of the public key as the token holds it (GOST CKA_VALUE LE(x)‖LE(y), EC the uncompressed point). */
  publicKeyLength: number;
  /** Length of the raw C_Sign output (GOST s‖r, ECDSA r‖s). */
  signatureLength: number;
  pkcs11: {
    keyType: Pkcs11KeyTypeName;
    generate: Pkcs11MechanismName;
    /** Signs a precomputed digest: GOST over the Streebog bytes as OpenSSL prints them, ECDSA over SHA-256. */
    sign: Pkcs11MechanismName;
    /** Key agreement on the token (VKO for GOST TLS client authentication); null where the host never agrees keys. */
    derive: Pkcs11MechanismName | null;
  };
  /** The parameter set a new key gets when the caller names none. */
  defaultParamSet: string;
}

/**
 * GOST 256 defaults to CryptoPro-XchA, the set CryptoPro, the Rutoken plug-in and FNS-issued
 * keys use; 512 to TC26-512-A. EC P-256 exists for modules without GOST (SoftHSM2).
 */
export const KEY_TYPES: Readonly<Record<KeyAlgorithmName, KeyType>> = {
  "gost2012-256": {
    label: "GOST R 34.10-2012 256",
    publicKeyOid: "1.2.643.7.1.1.1.1",
    identifiedByCurve: false,
    signatureOid: "1.2.643.7.1.1.3.2",
    signatureLabel: "GOST R 34.10-2012 256 with GOST R 34.11-2012 256",
    cmsSignatureOids: ["1.2.643.7.1.1.1.1", "1.2.643.7.1.1.3.2"],
    digest: "streebog-256",
    boundToDigest: true,
    publicKeyLength: 64,
    signatureLength: 64,
    pkcs11: { keyType: "CKK_GOSTR3410", generate: "CKM_GOSTR3410_KEY_PAIR_GEN", sign: "CKM_GOSTR3410", derive: "CKM_GOSTR3410_12_DERIVE" },
    defaultParamSet: "1.2.643.2.2.36.0",
  },
  "gost2012-512": {
    label: "GOST R 34.10-2012 512",
    publicKeyOid: "1.2.643.7.1.1.1.2",
    identifiedByCurve: false,
    signatureOid: "1.2.643.7.1.1.3.3",
    signatureLabel: "GOST R 34.10-2012 512 with GOST R 34.11-2012 512",
    cmsSignatureOids: ["1.2.643.7.1.1.1.2", "1.2.643.7.1.1.3.3"],
    digest: "streebog-512",
    boundToDigest: true,
    publicKeyLength: 128,
    signatureLength: 128,
    pkcs11: { keyType: "CKK_GOSTR3410_512", generate: "CKM_GOSTR3410_512_KEY_PAIR_GEN", sign: "CKM_GOSTR3410_512", derive: "CKM_GOSTR3410_12_DERIVE" },
    defaultParamSet: "1.2.643.7.1.2.1.2.1",
  },
  "ec-p256": {
    label: "ECDSA P-256",
    publicKeyOid: "1.2.840.10045.2.1",
    identifiedByCurve: true,
    signatureOid: "1.2.840.10045.4.3.2",
    signatureLabel: "ecdsa-with-SHA256",
    cmsSignatureOids: ["1.2.840.10045.4.3.2"],
    digest: "sha-256",
    boundToDigest: false,
    publicKeyLength: 65,
    signatureLength: 64,
    pkcs11: { keyType: "CKK_EC", generate: "CKM_EC_KEY_PAIR_GEN", sign: "CKM_ECDSA", derive: null },
    defaultParamSet: "1.2.840.10045.3.1.7",
  },
};

export interface ParamSet {
  oid: string;
  /** Our unambiguous name, as the popup and the CLI print it. */
  name: string;
  keyType: KeyAlgorithmName;
  /**
   * gost-engine writes digestParamSet into the SPKI for the CryptoPro sets and TC26-512-A/B and
   * omits it for TC26-256-* and TC26-512-C; decoders accept both, and mirroring gost-engine
   * keeps a request byte-identical to what the test oracle makes for the same key.
   */
  spkiDigestParam: boolean;
}

/**
 * Every parameter set a key of its type may be generated with and sign with. RFC 9215 allows
 * the 2001-era CryptoPro sets for 2012-256 keys and FNS keys use them; no FNS rule narrows the
 * list further.
 */
export const PARAM_SETS: readonly ParamSet[] = [
  { oid: "1.2.643.2.2.35.1", name: "CryptoPro-A", keyType: "gost2012-256", spkiDigestParam: true },
  { oid: "1.2.643.2.2.35.2", name: "CryptoPro-B", keyType: "gost2012-256", spkiDigestParam: true },
  { oid: "1.2.643.2.2.35.3", name: "CryptoPro-C", keyType: "gost2012-256", spkiDigestParam: true },
  { oid: "1.2.643.2.2.36.0", name: "CryptoPro-XchA", keyType: "gost2012-256", spkiDigestParam: true },
  { oid: "1.2.643.2.2.36.1", name: "CryptoPro-XchB", keyType: "gost2012-256", spkiDigestParam: true },
  { oid: "1.2.643.7.1.2.1.1.1", name: "TC26-256-A", keyType: "gost2012-256", spkiDigestParam: false },
  { oid: "1.2.643.7.1.2.1.1.2", name: "TC26-256-B", keyType: "gost2012-256", spkiDigestParam: false },
  { oid: "1.2.643.7.1.2.1.1.3", name: "TC26-256-C", keyType: "gost2012-256", spkiDigestParam: false },
  { oid: "1.2.643.7.1.2.1.1.4", name: "TC26-256-D", keyType: "gost2012-256", spkiDigestParam: false },
  { oid: "1.2.643.7.1.2.1.2.1", name: "TC26-512-A", keyType: "gost2012-512", spkiDigestParam: true },
  { oid: "1.2.643.7.1.2.1.2.2", name: "TC26-512-B", keyType: "gost2012-512", spkiDigestParam: true },
  { oid: "1.2.643.7.1.2.1.2.3", name: "TC26-512-C", keyType: "gost2012-512", spkiDigestParam: false },
  { oid: "1.2.840.10045.3.1.7", name: "P-256", keyType: "ec-p256", spkiDigestParam: false },
];

export function paramSetByOid(oid: string): ParamSet | undefined {
  return PARAM_SETS.find((row) => row.oid === oid);
}

export function paramSetNamed(name: string): ParamSet {
  const found = PARAM_SETS.find((row) => row.name === name);
  if (!found) throw new Error(`unknown parameter set ${name}`);
  return found;
}

export function paramSetsOf(keyType: KeyAlgorithmName): ParamSet[] {
  return PARAM_SETS.filter((row) => row.keyType === keyType);
}

export function digestOf(keyType: KeyAlgorithmName): Digest {
  return DIGESTS[KEY_TYPES[keyType].digest];
}

/** The key type of a SubjectPublicKeyInfo (its algorithm OID and first parameter), or undefined for keys kep-bridge does not sign with. */
export function keyTypeOfPublicKey(publicKeyOid: string, paramSet: string | null): KeyAlgorithmName | undefined {
  return KEY_ALGORITHM_NAMES.find((name) => {
    const row = KEY_TYPES[name];
    if (row.publicKeyOid !== publicKeyOid) return false;
    return !row.identifiedByCurve || (paramSet !== null && paramSetByOid(paramSet)?.keyType === name);
  });
}
