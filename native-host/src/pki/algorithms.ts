/**
 * What each key type the host can put in a request needs: OIDs (from the shared table),
 * accepted parameter sets and the sizes a token returns.
 */

import type { KeyAlgorithmName } from "../../../shared/protocol/index.ts";
import { DIGEST_ALGORITHMS, PARAM_SETS, PUBLIC_KEY_ALGORITHMS, SIGNATURE_ALGORITHMS } from "../../../shared/x509/oids.ts";

/** The protocol's names; the PKCS#11 side of each algorithm is in pkcs11/key-algorithms.ts. */
export type KeyAlgorithm = KeyAlgorithmName;

/** The OID a table maps to `name`; throws at load time so a renamed entry cannot go unnoticed. */
function oidNamed(table: Readonly<Record<string, string>>, name: string): string {
  const found = Object.entries(table).find(([, value]) => value === name);
  if (!found) throw new Error(`no OID named ${name} in the OID table`);
  return found[0];
}

export interface AlgorithmProfile {
  keyOid: string;
  /** Certificate/CSR signatureAlgorithm (docs/gost-pkcs11.md#algorithm-identifiers). */
  signatureOid: string;
  /** Length of the public key as the token holds it (GOST CKA_VALUE, EC uncompressed point). */
  publicKeyLength: number;
  /** Length of the raw C_Sign output (GOST s‖r, ECDSA r‖s). */
  signatureLength: number;
  /** Names (shared/x509/oids.ts PARAM_SETS) of the parameter sets this key type may use. */
  acceptsParamSet(name: string): boolean;
  /** GOST only: the digestParamSet that goes with this key size. */
  digestOid?: string;
}

export const ALGORITHMS: Readonly<Record<KeyAlgorithm, AlgorithmProfile>> = {
  "gost2012-256": {
    keyOid: oidNamed(PUBLIC_KEY_ALGORITHMS, "gost2012-256"),
    signatureOid: oidNamed(SIGNATURE_ALGORITHMS, "GOST R 34.10-2012 256 with GOST R 34.11-2012 256"),
    publicKeyLength: 64,
    signatureLength: 64,
    // RFC 9215 allows the 2001-era CryptoPro sets for 2012-256 keys; FNS keys use them (docs/gost-pkcs11.md#parameter-sets).
    acceptsParamSet: (name) => name.startsWith("CryptoPro-") || name.startsWith("TC26-256-"),
    digestOid: oidNamed(DIGEST_ALGORITHMS, "GOST R 34.11-2012 256"),
  },
  "gost2012-512": {
    keyOid: oidNamed(PUBLIC_KEY_ALGORITHMS, "gost2012-512"),
    signatureOid: oidNamed(SIGNATURE_ALGORITHMS, "GOST R 34.10-2012 512 with GOST R 34.11-2012 512"),
    publicKeyLength: 128,
    signatureLength: 128,
    acceptsParamSet: (name) => name.startsWith("TC26-512-"),
    digestOid: oidNamed(DIGEST_ALGORITHMS, "GOST R 34.11-2012 512"),
  },
  "ec-p256": {
    keyOid: oidNamed(PUBLIC_KEY_ALGORITHMS, "ec"),
    signatureOid: oidNamed(SIGNATURE_ALGORITHMS, "ecdsa-with-SHA256"),
    publicKeyLength: 65,
    signatureLength: 64,
    acceptsParamSet: (name) => name === "P-256",
  },
};

/** Name of a parameter-set OID in the shared table, or null when unknown. */
export function paramSetName(oid: string): string | null {
  return PARAM_SETS[oid] ?? null;
}
