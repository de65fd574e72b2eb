/** PKCS#11 v2.40 return codes and object rules that the host relies on. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pkcs11js from "pkcs11js";
import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { buildSofttoken } from "./harness.ts";
import { BY_SIZE, CKA_GOSTR3410_PARAMS, CKM, paramSet } from "./gost.ts";
import { oid } from "./der.ts";
import { DEFAULT_PINS, findObjects, generateKeyPair, readValue, type KeyPair } from "./provision/token.ts";
import { CKS_RO_USER_FUNCTIONS, expectCkr, REPO_ROOT, tokenFixture, type TokenFixture } from "./support.ts";

let t: TokenFixture;
let k256: KeyPair;
let k512: KeyPair;

beforeAll(() => {
  t = tokenFixture({ capacity: 1 << 20 });
  k256 = generateKeyPair(t.p, t.session, paramSet("CryptoPro-XchA"), { label: "k256" });
  k512 = generateKeyPair(t.p, t.session, paramSet("TC26-512-A"), { label: "k512" });
});
afterAll(() => t.dispose());

it("refuses calls before C_Initialize (fresh process)", () => {
  // This process already has the module initialised, so ask a clean one.
  const script = `
    import pkcs11js from "pkcs11js";
    const p = new pkcs11js.PKCS11();
    p.load(${JSON.stringify(buildSofttoken())});
    try { p.C_GetSlotList(false); } catch (e) { console.log(e.message); }`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: REPO_ROOT, encoding: "utf8" });
  expect(out).toMatch(/CKR_CRYPTOKI_NOT_INITIALIZED/);
});

describe("information", () => {
  it("identifies itself as a TEST fixture", () => {
    const info = t.p.C_GetTokenInfo(t.slot);
    expect(info.manufacturerID.trim()).toBe("kep-bridge TEST");
    expect(info.model.trim()).toBe("SoftToken TEST");
    expect(info.label.trim()).toBe(DEFAULT_PINS.label);
    expect(t.p.C_GetInfo().cryptokiVersion).toEqual({ major: 2, minor: 40 });
  });

  it("lists exactly the GOST mechanisms with real-token codes", () => {
    expect(t.p.C_GetMechanismList(t.slot)).toEqual([0x1200, 0xd4321005, 0x1201, 0xd4321006, 0xd4321008, 0xd4321009, 0xd4321007, 0xd4321012, 0xd4321013]);
    const info = t.p.C_GetMechanismInfo(t.slot, CKM.GOSTR3410_512_KEY_PAIR_GEN);
    expect([info.minKeySize, info.maxKeySize]).toEqual([512, 512]);
    expect(info.flags & pkcs11js.CKF_GENERATE_KEY_PAIR).toBeTruthy();
    expectCkr(() => t.p.C_GetMechanismInfo(t.slot, pkcs11js.CKM_RSA_PKCS), "CKR_MECHANISM_INVALID");
  });

  it("answers CKR_FUNCTION_NOT_SUPPORTED for what a signing token lacks", () => {
    expectCkr(() => t.p.C_EncryptInit(t.session, { mechanism: pkcs11js.CKM_AES_ECB }, k256.publicKey), "CKR_FUNCTION_NOT_SUPPORTED");
  });
});

describe("sessions and login", () => {
  it("validates handles and login state", () => {
    expectCkr(() => t.p.C_GetSessionInfo(Buffer.from([0x77, 0, 0, 0, 0, 0, 0, 0])), "CKR_SESSION_HANDLE_INVALID");
    expectCkr(() => t.p.C_Login(t.session, pkcs11js.CKU_USER, DEFAULT_PINS.pin), "CKR_USER_ALREADY_LOGGED_IN");
    const ro = t.p.C_OpenSession(t.slot, pkcs11js.CKF_SERIAL_SESSION);
    expect(t.p.C_GetSessionInfo(ro).state).toBe(CKS_RO_USER_FUNCTIONS);
    expectCkr(() => t.p.C_Login(ro, pkcs11js.CKU_SO, DEFAULT_PINS.soPin), "CKR_USER_ANOTHER_ALREADY_LOGGED_IN");
    expectCkr(
      () =>
        t.p.C_CreateObject(ro, [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA },
          { type: pkcs11js.CKA_TOKEN, value: true },
        ]),
      "CKR_SESSION_READ_ONLY",
    );
    t.p.C_CloseSession(ro);
  });

  it("hides private objects before login and refuses private work", () => {
    t.p.C_Logout(t.session);
    try {
      expect(findObjects(t.p, t.session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }])).toHaveLength(0);
      expect(findObjects(t.p, t.session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY }])).toHaveLength(2);
      expectCkr(() => t.p.C_GetAttributeValue(t.session, k256.privateKey, [{ type: pkcs11js.CKA_LABEL }]), "CKR_OBJECT_HANDLE_INVALID");
      expectCkr(() => t.p.C_SignInit(t.session, { mechanism: CKM.GOSTR3410 }, k256.privateKey), "CKR_KEY_HANDLE_INVALID");
      expectCkr(() => t.p.C_Logout(t.session), "CKR_USER_NOT_LOGGED_IN");
      expectCkr(
        () =>
          t.p.C_CreateObject(t.session, [
            { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA },
            { type: pkcs11js.CKA_PRIVATE, value: true },
          ]),
        "CKR_USER_NOT_LOGGED_IN",
      );
      expectCkr(() => t.p.C_Login(t.session, pkcs11js.CKU_USER, "wrong-pin"), "CKR_PIN_INCORRECT");
    } finally {
      t.p.C_Login(t.session, pkcs11js.CKU_USER, DEFAULT_PINS.pin);
    }
  });
});

describe("objects and attributes", () => {
  it("keeps private keys sensitive and non-extractable", () => {
    expectCkr(() => readValue(t.p, t.session, k256.privateKey), "CKR_ATTRIBUTE_SENSITIVE");
    const attrs = t.p.C_GetAttributeValue(t.session, k256.privateKey, [
      { type: pkcs11js.CKA_SENSITIVE },
      { type: pkcs11js.CKA_EXTRACTABLE },
      { type: pkcs11js.CKA_ALWAYS_SENSITIVE },
      { type: pkcs11js.CKA_NEVER_EXTRACTABLE },
      { type: pkcs11js.CKA_LOCAL },
    ]);
    expect(attrs.map((a) => (a.value as Buffer)[0])).toEqual([1, 0, 1, 1, 1]);
    expectCkr(() => t.p.C_SetAttributeValue(t.session, k256.privateKey, [{ type: pkcs11js.CKA_EXTRACTABLE, value: true }]), "CKR_ATTRIBUTE_READ_ONLY");
    expectCkr(
      () =>
        t.p.C_CreateObject(t.session, [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
          { type: pkcs11js.CKA_KEY_TYPE, value: BY_SIZE[256].keyType },
          { type: CKA_GOSTR3410_PARAMS, value: oid(paramSet("CryptoPro-A").oid) },
          { type: pkcs11js.CKA_EXTRACTABLE, value: true },
          { type: pkcs11js.CKA_VALUE, value: randomBytes(32) },
        ]),
      "CKR_ATTRIBUTE_VALUE_INVALID",
    );
  });

  it("public CKA_VALUE is the raw 64/128-byte LE(x)||LE(y)", () => {
    expect(readValue(t.p, t.session, k256.publicKey)).toHaveLength(64);
    expect(readValue(t.p, t.session, k512.publicKey)).toHaveLength(128);
  });

  it("reports template and attribute errors", () => {
    expectCkr(() => t.p.C_GetAttributeValue(t.session, k256.publicKey, [{ type: pkcs11js.CKA_MODULUS }]), "CKR_ATTRIBUTE_TYPE_INVALID");
    expectCkr(
      () =>
        t.p.C_CreateObject(t.session, [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
          { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
        ]),
      "CKR_TEMPLATE_INCOMPLETE",
    );
    expectCkr(() => t.p.C_GenerateKeyPair(t.session, { mechanism: CKM.GOSTR3410_KEY_PAIR_GEN }, [], []), "CKR_TEMPLATE_INCOMPLETE");
    expectCkr(
      () =>
        t.p.C_GenerateKeyPair(
          t.session,
          { mechanism: CKM.GOSTR3410_KEY_PAIR_GEN },
          [{ type: CKA_GOSTR3410_PARAMS, value: oid(paramSet("TC26-512-A").oid) }],
          [],
        ),
      "CKR_ATTRIBUTE_VALUE_INVALID",
    );
    expectCkr(
      () => t.p.C_GetAttributeValue(t.session, Buffer.from([0xee, 0xee, 0, 0, 0, 0, 0, 0]), [{ type: pkcs11js.CKA_LABEL }]),
      "CKR_OBJECT_HANDLE_INVALID",
    );
  });

  it("modifies, finds and destroys objects", () => {
    const data = t.p.C_CreateObject(t.session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA },
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_LABEL, value: "before" },
      { type: pkcs11js.CKA_VALUE, value: Buffer.from("payload") },
    ]);
    t.p.C_SetAttributeValue(t.session, data, [{ type: pkcs11js.CKA_LABEL, value: "after" }]);
    expect(findObjects(t.p, t.session, [{ type: pkcs11js.CKA_LABEL, value: "after" }])).toHaveLength(1);
    expect(findObjects(t.p, t.session, [{ type: pkcs11js.CKA_LABEL, value: "before" }])).toHaveLength(0);
    t.p.C_FindObjectsInit(t.session, []);
    expectCkr(() => t.p.C_FindObjectsInit(t.session, []), "CKR_OPERATION_ACTIVE");
    t.p.C_FindObjectsFinal(t.session);
    expectCkr(() => t.p.C_FindObjectsFinal(t.session), "CKR_OPERATION_NOT_INITIALIZED");
    t.p.C_DestroyObject(t.session, data);
    expectCkr(() => t.p.C_DestroyObject(t.session, data), "CKR_OBJECT_HANDLE_INVALID");
  });
});

describe("signing rules", () => {
  it("enforces operation state, mechanism, key type and data length", () => {
    expectCkr(() => t.p.C_Sign(t.session, Buffer.alloc(32), Buffer.alloc(64)), "CKR_OPERATION_NOT_INITIALIZED");
    expectCkr(() => t.p.C_SignInit(t.session, { mechanism: pkcs11js.CKM_RSA_PKCS }, k256.privateKey), "CKR_MECHANISM_INVALID");
    expectCkr(() => t.p.C_SignInit(t.session, { mechanism: CKM.GOSTR3410_512 }, k256.privateKey), "CKR_KEY_TYPE_INCONSISTENT");
    expectCkr(() => t.p.C_SignInit(t.session, { mechanism: CKM.GOSTR3410_WITH_GOSTR3411_12_256 }, k512.privateKey), "CKR_KEY_TYPE_INCONSISTENT");
    expectCkr(() => t.p.C_SignInit(t.session, { mechanism: CKM.GOSTR3410 }, k256.publicKey), "CKR_KEY_TYPE_INCONSISTENT");
    t.p.C_SignInit(t.session, { mechanism: CKM.GOSTR3410 }, k256.privateKey);
    expectCkr(() => t.p.C_SignInit(t.session, { mechanism: CKM.GOSTR3410 }, k256.privateKey), "CKR_OPERATION_ACTIVE");
    expectCkr(() => t.p.C_Sign(t.session, Buffer.alloc(31), Buffer.alloc(64)), "CKR_DATA_LEN_RANGE");
    // DATA_LEN_RANGE ended the operation.
    expectCkr(() => t.p.C_Sign(t.session, Buffer.alloc(32), Buffer.alloc(64)), "CKR_OPERATION_NOT_INITIALIZED");
  });

  it("keeps the operation on CKR_BUFFER_TOO_SMALL so the caller can retry", () => {
    t.p.C_SignInit(t.session, { mechanism: CKM.GOSTR3410_WITH_GOSTR3411_12_512 }, k512.privateKey);
    expectCkr(() => t.p.C_Sign(t.session, Buffer.from("data"), Buffer.alloc(64)), "CKR_BUFFER_TOO_SMALL");
    expect(t.p.C_Sign(t.session, Buffer.from("data"), Buffer.alloc(128))).toHaveLength(128);
    t.p.C_DigestInit(t.session, { mechanism: CKM.GOSTR3411_12_256 });
    expectCkr(() => t.p.C_Digest(t.session, Buffer.from("data"), Buffer.alloc(16)), "CKR_BUFFER_TOO_SMALL");
    expect(t.p.C_Digest(t.session, Buffer.from("data"), Buffer.alloc(32))).toHaveLength(32);
  });

  it("verifies on the token and rejects a wrong-length signature", () => {
    const sig = (() => {
      t.p.C_SignInit(t.session, { mechanism: CKM.GOSTR3410_WITH_GOSTR3411_12_256 }, k256.privateKey);
      return t.p.C_Sign(t.session, Buffer.from("hello"), Buffer.alloc(64));
    })();
    t.p.C_VerifyInit(t.session, { mechanism: CKM.GOSTR3410_WITH_GOSTR3411_12_256 }, k256.publicKey);
    expect(t.p.C_Verify(t.session, Buffer.from("hello"), sig)).toBe(true);
    t.p.C_VerifyInit(t.session, { mechanism: CKM.GOSTR3410_WITH_GOSTR3411_12_256 }, k256.publicKey);
    expectCkr(() => t.p.C_Verify(t.session, Buffer.from("hello"), sig.subarray(0, 63)), "CKR_SIGNATURE_LEN_RANGE");
  });

  it("generates random bytes", () => {
    const a = t.p.C_GenerateRandom(t.session, Buffer.alloc(32));
    const b = t.p.C_GenerateRandom(t.session, Buffer.alloc(32));
    expect(a.equals(b)).toBe(false);
  });
});
