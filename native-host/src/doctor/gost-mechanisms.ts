/**
 * GOST mechanisms a token may offer, as the TC26 vendor extension and PKCS#11 number
 * them (docs/gost-pkcs11.md#constants). Only these are listed by name in the report; others are
 * counted. Numbers are sums, not `|`, so they compare equal to C_GetMechanismList's.
 */
const TC26 = 0xd4321000;

export interface GostMechanism {
  code: number;
  name: string;
  bits: 256 | 512 | null;
}

export const GOST_MECHANISMS: readonly GostMechanism[] = [
  { code: 0x1200, name: "CKM_GOSTR3410_KEY_PAIR_GEN", bits: 256 },
  { code: 0x1201, name: "CKM_GOSTR3410", bits: 256 },
  { code: 0x1202, name: "CKM_GOSTR3410_WITH_GOSTR3411", bits: 256 },
  { code: 0x1204, name: "CKM_GOSTR3410_DERIVE", bits: 256 },
  { code: 0x1210, name: "CKM_GOSTR3411", bits: null },
  { code: TC26 + 0x005, name: "CKM_GOSTR3410_512_KEY_PAIR_GEN", bits: 512 },
  { code: TC26 + 0x006, name: "CKM_GOSTR3410_512", bits: 512 },
  { code: TC26 + 0x007, name: "CKM_GOSTR3410_12_DERIVE", bits: null },
  { code: TC26 + 0x008, name: "CKM_GOSTR3410_WITH_GOSTR3411_12_256", bits: 256 },
  { code: TC26 + 0x009, name: "CKM_GOSTR3410_WITH_GOSTR3411_12_512", bits: 512 },
  { code: TC26 + 0x012, name: "CKM_GOSTR3411_12_256", bits: null },
  { code: TC26 + 0x013, name: "CKM_GOSTR3411_12_512", bits: null },
];
