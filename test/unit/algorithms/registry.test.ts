import pkcs11js from "pkcs11js";
import { describe, expect, it } from "vitest";
import { DIGESTS, KEY_TYPES, keyTypeOfPublicKey, PARAM_SETS, paramSetByOid, paramSetsOf } from "../../../shared/algorithms/registry.ts";
import { GOST_CURVES } from "../../../shared/crypto/gost3410-params.ts";
import { KEY_ALGORITHM_NAMES } from "../../../shared/protocol/index.ts";
import {
  CKK_GOSTR3410_512,
  CKM_GOSTR3410_12_DERIVE,
  CKM_GOSTR3410_512,
  CKM_GOSTR3410_512_KEY_PAIR_GEN,
  pkcs11Code,
} from "../../../native-host/src/pkcs11/constants.ts";

const gost = KEY_ALGORITHM_NAMES.filter((name) => KEY_TYPES[name].boundToDigest);

describe("algorithm registry", () => {
  it("has one row per protocol key type, each with its default parameter set among its own", () => {
    expect(Object.keys(KEY_TYPES).sort()).toEqual([...KEY_ALGORITHM_NAMES].sort());
    for (const name of KEY_ALGORITHM_NAMES) expect(paramSetByOid(KEY_TYPES[name].defaultParamSet)?.keyType).toBe(name);
    expect(new Set(PARAM_SETS.map((row) => row.oid)).size).toBe(PARAM_SETS.length);
  });

  it("gives every GOST parameter set a curve whose size matches the key type's lengths and digest", () => {
    const gostSets = PARAM_SETS.filter((row) => gost.includes(row.keyType));
    expect(gostSets.map((row) => row.oid).sort()).toEqual(Object.keys(GOST_CURVES).sort());
    for (const row of gostSets) {
      const size = GOST_CURVES[row.oid]!.size;
      const keyType = KEY_TYPES[row.keyType];
      expect([keyType.publicKeyLength, keyType.signatureLength, DIGESTS[keyType.digest].length]).toEqual([2 * size, 2 * size, size]);
    }
  });

  it("resolves PKCS#11 names to pkcs11js's numbers or the TC26 vendor codes real tokens report", () => {
    const standard = {
      CKK_GOSTR3410: 0x30,
      CKK_EC: 0x3,
      CKM_GOSTR3410_KEY_PAIR_GEN: 0x1200,
      CKM_GOSTR3410: 0x1201,
      CKM_EC_KEY_PAIR_GEN: 0x1040,
      CKM_ECDSA: 0x1041,
    };
    for (const [name, code] of Object.entries(standard)) {
      expect(pkcs11Code(name as keyof typeof standard)).toBe(code);
      expect((pkcs11js as unknown as Record<string, number>)[name]).toBe(code);
    }
    expect([CKK_GOSTR3410_512, CKM_GOSTR3410_512_KEY_PAIR_GEN, CKM_GOSTR3410_512, CKM_GOSTR3410_12_DERIVE]).toEqual([
      0xd4321003, 0xd4321005, 0xd4321006, 0xd4321007,
    ]);
    for (const name of KEY_ALGORITHM_NAMES) {
      const { keyType, generate, sign, derive } = KEY_TYPES[name].pkcs11;
      for (const code of [keyType, generate, sign, ...(derive === null ? [] : [derive])]) expect(pkcs11Code(code)).toBeGreaterThanOrEqual(0);
    }
  });

  it("names a certificate key's type by its OID, and an EC key's only by a curve it knows", () => {
    expect(keyTypeOfPublicKey("1.2.643.7.1.1.1.1", "1.2.643.2.2.36.0")).toBe("gost2012-256");
    expect(keyTypeOfPublicKey("1.2.643.7.1.1.1.2", null)).toBe("gost2012-512");
    expect(keyTypeOfPublicKey("1.2.840.10045.2.1", "1.2.840.10045.3.1.7")).toBe("ec-p256");
    expect(keyTypeOfPublicKey("1.2.840.10045.2.1", "1.3.132.0.34")).toBeUndefined();
    expect(keyTypeOfPublicKey("1.2.840.10045.2.1", null)).toBeUndefined();
    expect(keyTypeOfPublicKey("1.2.840.113549.1.1.1", null)).toBeUndefined();
    expect(paramSetsOf("gost2012-512").map((row) => row.name)).toEqual(["TC26-512-A", "TC26-512-B", "TC26-512-C"]);
  });
});
