import pkcs11js from "../pkcs11/pkcs11js.ts";
import {
  CKM_GOSTR3410_12_DERIVE,
  CKM_GOSTR3410_512,
  CKM_GOSTR3410_512_KEY_PAIR_GEN,
  CKM_GOSTR3410_WITH_GOSTR3411_12_256,
  CKM_GOSTR3410_WITH_GOSTR3411_12_512,
  CKM_GOSTR3411_12_256,
  CKM_GOSTR3411_12_512,
} from "../pkcs11/constants.ts";

/**
 * GOST mechanisms a token may offer, as the TC26 vendor extension and PKCS#11 number
 * them (docs/gost-pkcs11.md#constants). Only these are listed by name in the report; others are
 * counted.
 */
export interface GostMechanism {
  code: number;
  name: string;
  bits: 256 | 512 | null;
}

export const GOST_MECHANISMS: readonly GostMechanism[] = [
  { code: pkcs11js.CKM_GOSTR3410_KEY_PAIR_GEN, name: "CKM_GOSTR3410_KEY_PAIR_GEN", bits: 256 },
  { code: pkcs11js.CKM_GOSTR3410, name: "CKM_GOSTR3410", bits: 256 },
  { code: pkcs11js.CKM_GOSTR3410_WITH_GOSTR3411, name: "CKM_GOSTR3410_WITH_GOSTR3411", bits: 256 },
  { code: pkcs11js.CKM_GOSTR3410_DERIVE, name: "CKM_GOSTR3410_DERIVE", bits: 256 },
  { code: pkcs11js.CKM_GOSTR3411, name: "CKM_GOSTR3411", bits: null },
  { code: CKM_GOSTR3410_512_KEY_PAIR_GEN, name: "CKM_GOSTR3410_512_KEY_PAIR_GEN", bits: 512 },
  { code: CKM_GOSTR3410_512, name: "CKM_GOSTR3410_512", bits: 512 },
  { code: CKM_GOSTR3410_12_DERIVE, name: "CKM_GOSTR3410_12_DERIVE", bits: null },
  { code: CKM_GOSTR3410_WITH_GOSTR3411_12_256, name: "CKM_GOSTR3410_WITH_GOSTR3411_12_256", bits: 256 },
  { code: CKM_GOSTR3410_WITH_GOSTR3411_12_512, name: "CKM_GOSTR3410_WITH_GOSTR3411_12_512", bits: 512 },
  { code: CKM_GOSTR3411_12_256, name: "CKM_GOSTR3411_12_256", bits: null },
  { code: CKM_GOSTR3411_12_512, name: "CKM_GOSTR3411_12_512", bits: null },
];
