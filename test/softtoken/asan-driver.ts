/**
 * Exercises the ASan+UBSan build of the module through pkcs11js; run by asan.test.ts in a child
 * process with libasan preloaded. Prints "ASAN DRIVER OK" when every step behaved.
 * Usage: node --import tsx asan-driver.ts <libkepsofttoken-asan.so>
 */
import pkcs11js from "pkcs11js";
import type * as P from "pkcs11js";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { createSofttokenDir, failAfter, insertToken, removeToken } from "./harness.ts";
import { BY_SIZE, CKA_GOSTR3410_PARAMS, CKM, PARAM_SETS, paramSet } from "./gost.ts";
import { oid } from "./der.ts";
import {
  DEFAULT_PINS,
  digest,
  findObjects,
  generateKeyPair,
  importCertificate,
  initToken,
  openModule,
  readValue,
  sign,
  slotHandle,
  userSession,
} from "./provision/token.ts";
import { createSampleToken } from "./provision/samples.ts";

const lib = process.argv[2];
if (!lib) throw new Error("usage: asan-driver.ts <library>");

function fails(call: () => unknown, ckr: string): void {
  try {
    call();
  } catch (e) {
    if (e instanceof Error && e.message.includes(ckr)) return;
    throw e;
  }
  throw new Error(`expected ${ckr}`);
}

/** VKO with the pair's own public value as the peer, plus the parameter checks around it. */
function derivePaths(p: P.PKCS11, session: P.Handle, key: P.Handle, peer: Buffer): void {
  const mechanism = (publicData: Buffer, ukm: Buffer, kdf = 1 /* CKD_NULL */): P.Mechanism => {
    const parameter: P.GostR3410DeriveParams = { type: pkcs11js.CK_PARAM_GOSTR3410_DERIVE, kdf, publicData, ukm };
    return { mechanism: CKM.GOSTR3410_12_DERIVE, parameter };
  };
  const template: P.Template = [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
    { type: pkcs11js.CKA_SENSITIVE, value: false },
    { type: pkcs11js.CKA_EXTRACTABLE, value: true },
  ];
  const ukm = randomBytes(8);
  fails(() => p.C_DeriveKey(session, mechanism(peer, ukm), key, template), "CKR_KEY_FUNCTION_NOT_PERMITTED");
  p.C_SetAttributeValue(session, key, [{ type: pkcs11js.CKA_DERIVE, value: true }]);
  const secret = p.C_DeriveKey(session, mechanism(peer, ukm), key, template);
  if (readValue(p, session, secret).length !== 32) throw new Error("derived key is not 32 bytes");
  const diversified = p.C_DeriveKey(session, mechanism(peer, ukm, 9 /* CKD_CPDIVERSIFY_KDF */), key, template);
  if (readValue(p, session, diversified).equals(readValue(p, session, secret))) throw new Error("CKD_CPDIVERSIFY_KDF changed nothing");
  fails(() => p.C_DeriveKey(session, mechanism(peer.subarray(1), ukm), key, template), "CKR_MECHANISM_PARAM_INVALID");
  fails(() => p.C_DeriveKey(session, mechanism(Buffer.alloc(peer.length, 3), ukm), key, template), "CKR_MECHANISM_PARAM_INVALID");
  p.C_DestroyObject(session, secret);
}

function cryptoPaths(p: P.PKCS11, session: P.Handle): void {
  for (const ps of PARAM_SETS) {
    const pair = generateKeyPair(p, session, ps, { label: ps.name });
    const size = BY_SIZE[ps.bits];
    const data = randomBytes(300);
    const dgst = digest(p, session, ps.bits, data);
    for (const [mech, input] of [
      [size.rawSign, dgst],
      [size.hashSign, data],
    ] as const) {
      const sig = sign(p, session, pair.privateKey, mech, input);
      p.C_VerifyInit(session, { mechanism: mech }, pair.publicKey);
      if (!p.C_Verify(session, input, sig)) throw new Error("verify failed");
      p.C_VerifyInit(session, { mechanism: mech }, pair.publicKey);
      fails(() => p.C_Verify(session, input, Buffer.alloc(sig.length)), "CKR_SIGNATURE_INVALID");
    }
    p.C_SignInit(session, { mechanism: size.hashSign }, pair.privateKey);
    fails(() => p.C_Sign(session, data, Buffer.alloc(3)), "CKR_BUFFER_TOO_SMALL");
    p.C_SignUpdate(session, data.subarray(0, 10));
    p.C_SignUpdate(session, data.subarray(10));
    fails(() => p.C_SignFinal(session, Buffer.alloc(3)), "CKR_BUFFER_TOO_SMALL");
    p.C_SignFinal(session, Buffer.alloc(128));
    p.C_SignInit(session, { mechanism: size.rawSign }, pair.privateKey);
    fails(() => p.C_Sign(session, Buffer.alloc(ps.bits / 8 + 1), Buffer.alloc(128)), "CKR_DATA_LEN_RANGE");
    fails(() => readValue(p, session, pair.privateKey), "CKR_ATTRIBUTE_SENSITIVE");
    derivePaths(p, session, pair.privateKey, pair.value);
    p.C_DestroyObject(session, pair.privateKey);
  }
  p.C_DigestInit(session, { mechanism: BY_SIZE[512].digest, parameter: oid(BY_SIZE[512].digestOid) });
  p.C_DigestUpdate(session, randomBytes(5000));
  fails(() => p.C_DigestFinal(session, Buffer.alloc(10)), "CKR_BUFFER_TOO_SMALL");
  p.C_DigestFinal(session, Buffer.alloc(64));
  p.C_GenerateRandom(session, Buffer.alloc(100));
}

function objectPaths(p: P.PKCS11, session: P.Handle): void {
  const data = p.C_CreateObject(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA },
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_LABEL, value: "x".repeat(300) },
    { type: pkcs11js.CKA_VALUE, value: randomBytes(2000) },
  ]);
  p.C_SetAttributeValue(session, data, [
    { type: pkcs11js.CKA_LABEL, value: "" },
    { type: pkcs11js.CKA_APPLICATION, value: "asan" },
  ]);
  p.C_GetAttributeValue(session, data, [{ type: pkcs11js.CKA_VALUE }, { type: pkcs11js.CKA_LABEL }]);
  fails(() => p.C_GetAttributeValue(session, data, [{ type: pkcs11js.CKA_MODULUS }]), "CKR_ATTRIBUTE_TYPE_INVALID");
  p.C_CreateObject(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA },
    { type: pkcs11js.CKA_VALUE, value: randomBytes(10) },
  ]);
  fails(() => p.C_CreateObject(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE }]), "CKR_TEMPLATE_INCOMPLETE");
  fails(
    () =>
      p.C_CreateObject(session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: BY_SIZE[256].keyType },
        { type: CKA_GOSTR3410_PARAMS, value: oid(paramSet("CryptoPro-A").oid) },
        { type: pkcs11js.CKA_VALUE, value: randomBytes(64) },
      ]),
    "CKR_ATTRIBUTE_VALUE_INVALID",
  );
  fails(
    () =>
      p.C_CreateObject(session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA },
        { type: 0x7777, value: true },
      ]),
    "CKR_ATTRIBUTE_TYPE_INVALID",
  );
  findObjects(p, session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA }]);
  p.C_DestroyObject(session, data);
}

function hardwarePaths(dir: string): void {
  const m = openModule(dir, lib);
  const slot = slotHandle(m.p, 0);
  let session = userSession(m.p, slot);
  // Fill the token to capacity.
  fails(() => {
    for (;;) {
      m.p.C_CreateObject(session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA },
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_VALUE, value: randomBytes(4000) },
      ]);
    }
  }, "CKR_DEVICE_MEMORY");
  for (const h of findObjects(m.p, session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA }])) m.p.C_DestroyObject(session, h);
  m.p.C_Logout(session);
  for (let i = 0; i < 3; i++) fails(() => m.p.C_Login(session, pkcs11js.CKU_USER, "bad-pin"), "CKR_PIN_INCORRECT");
  fails(() => m.p.C_Login(session, pkcs11js.CKU_USER, DEFAULT_PINS.pin), "CKR_PIN_LOCKED");
  m.p.C_Login(session, pkcs11js.CKU_SO, DEFAULT_PINS.soPin);
  m.p.C_InitPIN(session, DEFAULT_PINS.pin);
  m.p.C_SetPIN(session, DEFAULT_PINS.soPin, "99999999");
  m.p.C_Logout(session);
  m.p.C_Login(session, pkcs11js.CKU_USER, DEFAULT_PINS.pin);
  m.p.C_SignInit(session, { mechanism: BY_SIZE[256].hashSign }, generateKeyPair(m.p, session, paramSet("TC26-256-A")).privateKey);
  removeToken(dir, 0);
  fails(() => m.p.C_SignUpdate(session, Buffer.from("x")), "CKR_DEVICE_REMOVED");
  fails(() => m.p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION), "CKR_TOKEN_NOT_PRESENT");
  insertToken(dir, 0);
  session = userSession(m.p, slot);
  failAfter(dir, 2);
  m.p.C_GetTokenInfo(slot);
  fails(() => generateKeyPair(m.p, session, paramSet("TC26-512-C")), "CKR_DEVICE_ERROR");
  m.p.C_CloseAllSessions(slot);
  m.close();
}

const dir = createSofttokenDir({ capacity: 20_000, pinTries: 3 });
try {
  const m = openModule(dir, lib);
  const slot = slotHandle(m.p, 0);
  initToken(m.p, slot);
  const session = userSession(m.p, slot);
  cryptoPaths(m.p, session);
  objectPaths(m.p, session);
  m.close();
  hardwarePaths(dir);
  // Certificate import and a full provisioning run in a second state directory.
  const samples = createSofttokenDir({ capacity: 1 << 20 });
  try {
    const token = createSampleToken(samples, { lib });
    const again = openModule(samples, lib);
    const s = userSession(again.p, slotHandle(again.p, 0));
    const cert = token.certificates[0];
    if (!cert) throw new Error("no sample certificate");
    importCertificate(again.p, s, cert.der, { id: Buffer.from("asan"), label: "copy" });
    again.close();
  } finally {
    rmSync(samples, { recursive: true, force: true });
  }
  console.log("ASAN DRIVER OK");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
