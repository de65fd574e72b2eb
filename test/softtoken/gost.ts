/**
 * GOST R 34.10/34.11-2012 values the soft token's tests use, read from the algorithm registry
 * and the host's PKCS#11 tables (pkcs11js and the TC26 vendor codes), so the token is checked
 * against the numbers and OIDs the host itself sends.
 */
import pkcs11js from "pkcs11js";
import { DIGESTS, KEY_TYPES, paramSetNamed } from "../../shared/algorithms/registry.ts";
import {
  CKM_GOSTR3410_12_DERIVE,
  CKM_GOSTR3410_512,
  CKM_GOSTR3410_512_KEY_PAIR_GEN,
  CKM_GOSTR3410_WITH_GOSTR3411_12_256,
  CKM_GOSTR3410_WITH_GOSTR3411_12_512,
  CKM_GOSTR3411_12_256,
  CKM_GOSTR3411_12_512,
  pkcs11Code,
} from "../../native-host/src/pkcs11/constants.ts";

export const { CKA_GOSTR3410_PARAMS, CKA_GOSTR3411_PARAMS } = pkcs11js;

export const CKM = {
  GOSTR3410_KEY_PAIR_GEN: pkcs11js.CKM_GOSTR3410_KEY_PAIR_GEN,
  GOSTR3410_512_KEY_PAIR_GEN: CKM_GOSTR3410_512_KEY_PAIR_GEN,
  GOSTR3410: pkcs11js.CKM_GOSTR3410,
  GOSTR3410_512: CKM_GOSTR3410_512,
  GOSTR3410_12_DERIVE: CKM_GOSTR3410_12_DERIVE,
  GOSTR3410_WITH_GOSTR3411_12_256: CKM_GOSTR3410_WITH_GOSTR3411_12_256,
  GOSTR3410_WITH_GOSTR3411_12_512: CKM_GOSTR3410_WITH_GOSTR3411_12_512,
  GOSTR3411_12_256: CKM_GOSTR3411_12_256,
  GOSTR3411_12_512: CKM_GOSTR3411_12_512,
} as const;

export type KeyBits = 256 | 512;

function bySize(name: "gost2012-256" | "gost2012-512", hashSign: number, digest: number, opensslDigest: string) {
  const row = KEY_TYPES[name];
  return {
    keyType: pkcs11Code(row.pkcs11.keyType),
    keyGen: pkcs11Code(row.pkcs11.generate),
    rawSign: pkcs11Code(row.pkcs11.sign),
    hashSign,
    digest,
    keyAlgOid: row.publicKeyOid,
    sigAlgOid: row.signatureOid,
    digestOid: DIGESTS[row.digest].oid,
    opensslDigest,
  };
}

/** Mechanisms and OIDs that depend only on the key size. */
export const BY_SIZE = {
  256: bySize("gost2012-256", CKM.GOSTR3410_WITH_GOSTR3411_12_256, CKM.GOSTR3411_12_256, "md_gost12_256"),
  512: bySize("gost2012-512", CKM.GOSTR3410_WITH_GOSTR3411_12_512, CKM.GOSTR3411_12_512, "md_gost12_512"),
} as const;

export interface ParamSet {
  /** Our own unambiguous name. */
  readonly name: string;
  readonly oid: string;
  readonly bits: KeyBits;
  /** gost-engine `-pkeyopt paramset:` value. */
  readonly openssl: string;
  /** OpenSC `--key-type GOSTR3410-2012-<bits>:<letter>`; pkcs11-tool cannot ask for XchA/XchB. */
  readonly pkcs11Tool?: string;
  /** gost-engine writes digestParamSet into the SPKI for these sets (docs/gost-pkcs11.md#public-key). */
  readonly spkiDigestParam: boolean;
}

/** The registry's row with how gost-engine (`-pkeyopt paramset:`) and pkcs11-tool name it. */
function gostSet(name: string, openssl: string, pkcs11Tool?: string): ParamSet {
  const row = paramSetNamed(name);
  const bits: KeyBits = row.keyType === "gost2012-512" ? 512 : 256;
  return { name, oid: row.oid, bits, openssl, ...(pkcs11Tool === undefined ? {} : { pkcs11Tool }), spkiDigestParam: row.spkiDigestParam };
}

export const PARAM_SETS: readonly ParamSet[] = [
  gostSet("CryptoPro-A", "A", "B"),
  gostSet("CryptoPro-B", "B", "C"),
  gostSet("CryptoPro-C", "C", "D"),
  gostSet("CryptoPro-XchA", "XA"),
  gostSet("CryptoPro-XchB", "XB"),
  gostSet("TC26-256-A", "TCA", "A"),
  gostSet("TC26-256-B", "TCB"),
  gostSet("TC26-256-C", "TCC"),
  gostSet("TC26-256-D", "TCD"),
  gostSet("TC26-512-A", "A", "A"),
  gostSet("TC26-512-B", "B", "B"),
  gostSet("TC26-512-C", "C", "C"),
];

export function paramSet(name: string): ParamSet {
  const found = PARAM_SETS.find((p) => p.name === name);
  if (!found) throw new Error(`unknown GOST parameter set ${name}`);
  return found;
}
