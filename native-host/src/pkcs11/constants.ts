import pkcs11js from "./pkcs11js.ts";
import type { Pkcs11KeyTypeName, Pkcs11MechanismName } from "../../../shared/algorithms/registry.ts";

/**
 * The PKCS#11 values pkcs11js does not export; everything else comes from pkcs11js. The TC26
 * vendor extension for GOST R 34.10-2012 (0xD4321000-based, the same in Rutoken, JaCarta and
 * OpenSC) is written as sums, because `0xD4321000 | n` is a negative int32 in JavaScript and
 * would never equal what C_GetMechanismList returns.
 */
const TC26 = 0xd4321000;

export const CKK_GOSTR3410_512 = TC26 + 0x003;

export const CKM_GOSTR3410_512_KEY_PAIR_GEN = TC26 + 0x005;
export const CKM_GOSTR3410_512 = TC26 + 0x006;
/** VKO GOST R 34.10-2012 (key agreement) with a token key, for GOST TLS client authentication. */
export const CKM_GOSTR3410_12_DERIVE = TC26 + 0x007;
export const CKM_GOSTR3410_WITH_GOSTR3411_12_256 = TC26 + 0x008;
export const CKM_GOSTR3410_WITH_GOSTR3411_12_512 = TC26 + 0x009;
export const CKM_GOSTR3411_12_256 = TC26 + 0x012;
export const CKM_GOSTR3411_12_512 = TC26 + 0x013;

/** CK_SLOT_INFO flags: pkcs11js has the values but does not declare them. */
export const CKF_TOKEN_PRESENT = 0x1;
export const CKF_REMOVABLE_DEVICE = 0x2;
export const CKF_HW_SLOT = 0x4;

/** CK_STATE values of a session whose token is logged in as the user. */
export const CKS_RO_USER_FUNCTIONS = 1;
export const CKS_RW_USER_FUNCTIONS = 3;

const CODES: Readonly<Record<Pkcs11KeyTypeName | Pkcs11MechanismName, number>> = {
  CKK_GOSTR3410: pkcs11js.CKK_GOSTR3410,
  CKK_GOSTR3410_512,
  CKK_EC: pkcs11js.CKK_EC,
  CKM_GOSTR3410_KEY_PAIR_GEN: pkcs11js.CKM_GOSTR3410_KEY_PAIR_GEN,
  CKM_GOSTR3410_512_KEY_PAIR_GEN,
  CKM_GOSTR3410: pkcs11js.CKM_GOSTR3410,
  CKM_GOSTR3410_512,
  CKM_GOSTR3410_12_DERIVE,
  CKM_EC_KEY_PAIR_GEN: pkcs11js.CKM_EC_KEY_PAIR_GEN,
  CKM_ECDSA: pkcs11js.CKM_ECDSA,
};

/** The number of a key type or mechanism the algorithm registry names. */
export function pkcs11Code(name: Pkcs11KeyTypeName | Pkcs11MechanismName): number {
  return CODES[name];
}

export const KEY_TYPE_NAMES: Record<number, string> = {
  [pkcs11js.CKK_RSA]: "RSA",
  [pkcs11js.CKK_EC]: "EC",
  [pkcs11js.CKK_GOSTR3410]: "GOSTR3410-2012-256",
  [CKK_GOSTR3410_512]: "GOSTR3410-2012-512",
};
