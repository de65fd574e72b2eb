/**
 * Numeric PKCS#11 values the host uses that pkcs11js does not export: the TC26 vendor
 * extension for GOST R 34.10-2012 (0xD4321000-based, the same in Rutoken, JaCarta and
 * OpenSC). Written as sums, because `0xD4321000 | n` is a negative int32 in JavaScript
 * and would never equal what C_GetMechanismList returns.
 */
const TC26 = 0xd4321000;

export const CKK_GOSTR3410 = 0x30;
export const CKK_GOSTR3410_512 = TC26 + 0x003;
export const CKK_EC = 0x3;
export const CKK_RSA = 0x0;

export const CKA_GOSTR3410_PARAMS = 0x250;
export const CKA_GOSTR3411_PARAMS = 0x251;

export const CKM_GOSTR3410_KEY_PAIR_GEN = 0x1200;
export const CKM_GOSTR3410 = 0x1201;
export const CKM_GOSTR3410_512_KEY_PAIR_GEN = TC26 + 0x005;
export const CKM_GOSTR3410_512 = TC26 + 0x006;
/** VKO GOST R 34.10-2012 (key agreement) with a token key, for GOST TLS client authentication. */
export const CKM_GOSTR3410_12_DERIVE = TC26 + 0x007;
export const CKM_GOSTR3410_WITH_GOSTR3411_12_256 = TC26 + 0x008;
export const CKM_GOSTR3410_WITH_GOSTR3411_12_512 = TC26 + 0x009;
export const CKM_GOSTR3411_12_256 = TC26 + 0x012;
export const CKM_GOSTR3411_12_512 = TC26 + 0x013;

/** CK_GOSTR3410_DERIVE_PARAMS.kdf: the VKO output as it is, no diversification. */
export const CKD_NULL = 1;

/** CK_STATE values of a session whose token is logged in as the user. */
export const CKS_RO_USER_FUNCTIONS = 1;
export const CKS_RW_USER_FUNCTIONS = 3;

export const KEY_TYPE_NAMES: Record<number, string> = {
  [CKK_RSA]: "RSA",
  [CKK_EC]: "EC",
  [CKK_GOSTR3410]: "GOSTR3410-2012-256",
  [CKK_GOSTR3410_512]: "GOSTR3410-2012-512",
};
