/**
 * Hardware-like behaviour the host must cope with: persistence across restarts and processes,
 * limited memory, PIN retry counter, token removal, and injected device errors.
 */
import { afterEach, describe, expect, it } from "vitest";
import pkcs11js from "pkcs11js";
import type * as P from "pkcs11js";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { failAfter, insertToken, removeToken, SOFTTOKEN_SRC_DIR } from "./harness.ts";
import { BY_SIZE, paramSet } from "./gost.ts";
import { DEFAULT_PINS, findObjects, generateKeyPair, slotHandle } from "./provision/token.ts";
import { CKF_TOKEN_PRESENT, CKS_RO_PUBLIC_SESSION, expectCkr, REPO_ROOT, tokenFixture, type TokenFixture } from "./support.ts";

let t: TokenFixture | undefined;
afterEach(() => {
  t?.dispose();
  t = undefined;
});

function fixture(opts: Parameters<typeof tokenFixture>[0] = {}): TokenFixture {
  t = tokenFixture(opts);
  return t;
}

function dataObject(p: P.PKCS11, session: P.Handle, bytes: number, label = "blob"): P.Handle {
  return p.C_CreateObject(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA },
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_LABEL, value: label },
    { type: pkcs11js.CKA_VALUE, value: Buffer.alloc(bytes, 7) },
  ]);
}

function freeMemory(p: P.PKCS11, slot: P.Handle): bigint {
  // pkcs11js returns the memory fields as BigInt although its typings say number (docs/gost-pkcs11.md#pkcs11js).
  return BigInt(p.C_GetTokenInfo(slot).freePublicMemory);
}

/** `npm run softtoken -- list --json` in a separate process. */
function listInChild(dir: string): { objects: { label: string; class: string }[] }[] {
  const out = execFileSync(process.execPath, ["--import", "tsx", join(SOFTTOKEN_SRC_DIR, "provision", "cli.ts"), "list", "--dir", dir, "--json"], {
    encoding: "utf8",
    cwd: REPO_ROOT,
  });
  return JSON.parse(out) as { objects: { label: string; class: string }[] }[];
}

describe("persistence", () => {
  it("objects survive C_Finalize/C_Initialize and are visible to another process", () => {
    const f = fixture();
    generateKeyPair(f.p, f.session, paramSet("CryptoPro-XchA"), { label: "persisted key" });
    dataObject(f.p, f.session, 10, "persisted data");
    f.restart();
    const session = f.login();
    expect(findObjects(f.p, session)).toHaveLength(3);
    // Another process (the CLI) sees the same token; private keys stay hidden without login.
    const labels = listInChild(f.dir)[0]?.objects.map((o) => `${o.class}:${o.label}`);
    expect(labels).toEqual(["CKO_PUBLIC_KEY:persisted key", "CKO_DATA:persisted data"]);
    // A change made by another process shows up in this one without restarting.
    execFileSync(process.execPath, ["--import", "tsx", join(SOFTTOKEN_SRC_DIR, "provision", "cli.ts"), "import-sample", "--dir", f.dir], {
      stdio: "ignore",
      cwd: REPO_ROOT,
    });
    expect(findObjects(f.p, session).length).toBeGreaterThan(3);
  });
});

describe("capacity", () => {
  it("reports stored bytes truthfully and refuses a write that does not fit, changing nothing", () => {
    const f = fixture({ capacity: 4096 });
    const total = BigInt(f.p.C_GetTokenInfo(f.slot).totalPublicMemory);
    expect(total).toBe(4096n);
    const before = freeMemory(f.p, f.slot);
    const first = dataObject(f.p, f.session, 1000);
    const perObject = before - freeMemory(f.p, f.slot);
    expect(perObject).toBeGreaterThan(1000n);
    expect(perObject).toBeLessThan(1200n);
    dataObject(f.p, f.session, 1000);
    dataObject(f.p, f.session, 1000);
    const full = freeMemory(f.p, f.slot);
    expect(full).toBeLessThan(1000n);
    const count = findObjects(f.p, f.session).length;

    expectCkr(() => dataObject(f.p, f.session, 1000), "CKR_DEVICE_MEMORY");
    expectCkr(() => generateKeyPair(f.p, f.session, paramSet("TC26-512-A")), "CKR_DEVICE_MEMORY");
    expect(freeMemory(f.p, f.slot)).toBe(full);
    expect(findObjects(f.p, f.session)).toHaveLength(count);
    // Session objects live in RAM and do not count.
    f.p.C_CreateObject(f.session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA },
      { type: pkcs11js.CKA_VALUE, value: Buffer.alloc(2000) },
    ]);
    expect(freeMemory(f.p, f.slot)).toBe(full);

    f.p.C_DestroyObject(f.session, first);
    expect(freeMemory(f.p, f.slot)).toBe(full + perObject);
    dataObject(f.p, f.session, 1000);
  });
});

describe("user PIN retry counter", () => {
  it("counts down with flags, locks, persists the lock, and SO C_InitPIN unlocks", () => {
    const f = fixture();
    const flags = (): number => f.p.C_GetTokenInfo(f.slot).flags;
    const session = f.p.C_OpenSession(f.slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    f.p.C_Logout(f.session);
    expect(flags() & pkcs11js.CKF_USER_PIN_COUNT_LOW).toBe(0);

    expectCkr(() => f.p.C_Login(session, pkcs11js.CKU_USER, "00000000"), "CKR_PIN_INCORRECT");
    expect(flags() & pkcs11js.CKF_USER_PIN_COUNT_LOW).toBeTruthy();
    expect(flags() & pkcs11js.CKF_USER_PIN_FINAL_TRY).toBe(0);
    // A successful login resets the counter.
    f.p.C_Login(session, pkcs11js.CKU_USER, DEFAULT_PINS.pin);
    f.p.C_Logout(session);
    expect(flags() & pkcs11js.CKF_USER_PIN_COUNT_LOW).toBe(0);

    for (let i = 0; i < 9; i++) expectCkr(() => f.p.C_Login(session, pkcs11js.CKU_USER, "00000000"), "CKR_PIN_INCORRECT");
    expect(flags() & pkcs11js.CKF_USER_PIN_FINAL_TRY).toBeTruthy();
    expectCkr(() => f.p.C_Login(session, pkcs11js.CKU_USER, "00000000"), "CKR_PIN_INCORRECT");
    expect(flags() & pkcs11js.CKF_USER_PIN_LOCKED).toBeTruthy();
    expectCkr(() => f.p.C_Login(session, pkcs11js.CKU_USER, DEFAULT_PINS.pin), "CKR_PIN_LOCKED");

    // The lock is stored on the token, not in the process.
    f.restart();
    const slot = f.slot;
    expect(f.p.C_GetTokenInfo(slot).flags & pkcs11js.CKF_USER_PIN_LOCKED).toBeTruthy();
    const s2 = f.p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    expectCkr(() => f.p.C_Login(s2, pkcs11js.CKU_USER, DEFAULT_PINS.pin), "CKR_PIN_LOCKED");
    f.p.C_Login(s2, pkcs11js.CKU_SO, DEFAULT_PINS.soPin);
    f.p.C_InitPIN(s2, "11112222");
    f.p.C_Logout(s2);
    expect(f.p.C_GetTokenInfo(slot).flags & (pkcs11js.CKF_USER_PIN_LOCKED | pkcs11js.CKF_USER_PIN_COUNT_LOW)).toBe(0);
    f.p.C_Login(s2, pkcs11js.CKU_USER, "11112222");
  });
});

describe("token removal", () => {
  it("kills sessions, reports TOKEN_NOT_PRESENT, and comes back with its objects", () => {
    const f = fixture();
    generateKeyPair(f.p, f.session, paramSet("CryptoPro-A"), { label: "survivor" });
    const slotFlags = (): number => f.p.C_GetSlotInfo(f.slot).flags;
    expect(slotFlags() & CKF_TOKEN_PRESENT).toBeTruthy();

    removeToken(f.dir, 0);
    expectCkr(() => f.p.C_GetSessionInfo(f.session), "CKR_DEVICE_REMOVED");
    expectCkr(() => f.p.C_GetSessionInfo(f.session), "CKR_SESSION_HANDLE_INVALID");
    expect(slotFlags() & CKF_TOKEN_PRESENT).toBe(0);
    expect(f.p.C_GetSlotList(true)).toHaveLength(0);
    expect(f.p.C_GetSlotList(false)).toHaveLength(2);
    expectCkr(() => f.p.C_GetTokenInfo(f.slot), "CKR_TOKEN_NOT_PRESENT");
    expectCkr(() => f.p.C_OpenSession(f.slot, pkcs11js.CKF_SERIAL_SESSION), "CKR_TOKEN_NOT_PRESENT");

    insertToken(f.dir, 0);
    expect(f.p.C_GetSlotList(true)).toHaveLength(1);
    const session = f.p.C_OpenSession(f.slot, pkcs11js.CKF_SERIAL_SESSION);
    expect(f.p.C_GetSessionInfo(session).state).toBe(CKS_RO_PUBLIC_SESSION);
    f.p.C_Login(session, pkcs11js.CKU_USER, DEFAULT_PINS.pin);
    expect(findObjects(f.p, session, [{ type: pkcs11js.CKA_LABEL, value: "survivor" }])).toHaveLength(2);
  });

  it("a quick remove+insert that the module never saw still kills old sessions", () => {
    const f = fixture();
    removeToken(f.dir, 0);
    insertToken(f.dir, 0);
    expectCkr(() => f.p.C_GetSessionInfo(f.session), "CKR_DEVICE_REMOVED");
    const session = f.p.C_OpenSession(f.slot, pkcs11js.CKF_SERIAL_SESSION);
    expect(f.p.C_GetSessionInfo(session).state).toBe(CKS_RO_PUBLIC_SESSION);
  });

  it("the second slot starts empty by default", () => {
    const f = fixture();
    const slot1 = slotHandle(f.p, 1);
    expect(f.p.C_GetSlotInfo(slot1).flags & CKF_TOKEN_PRESENT).toBe(0);
    insertToken(f.dir, 1);
    expect(f.p.C_GetTokenInfo(slot1).flags & pkcs11js.CKF_TOKEN_INITIALIZED).toBe(0);
  });
});

describe("injected device failure", () => {
  it("fails exactly the n-th call with CKR_DEVICE_ERROR, once", () => {
    const f = fixture();
    failAfter(f.dir, 3);
    f.p.C_GetTokenInfo(f.slot);
    f.p.C_GetTokenInfo(f.slot);
    expectCkr(() => f.p.C_GetTokenInfo(f.slot), "CKR_DEVICE_ERROR");
    expect(existsSync(join(f.dir, "fail-after"))).toBe(false);
    f.p.C_GetTokenInfo(f.slot);
  });

  it("leaves a half-finished provisioning: key pair written, certificate not", () => {
    const f = fixture();
    const pair = generateKeyPair(f.p, f.session, paramSet("CryptoPro-XchA"), { label: "half" });
    failAfter(f.dir, 1);
    expectCkr(() => dataObject(f.p, f.session, 100, "would-be certificate"), "CKR_DEVICE_ERROR");
    const ids = findObjects(f.p, f.session, [{ type: pkcs11js.CKA_ID, value: pair.id }]);
    expect(ids).toHaveLength(2);
    expect(findObjects(f.p, f.session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA }])).toHaveLength(0);
    dataObject(f.p, f.session, 100, "retry");
  });

  it("a failed C_FindObjectsFinal leaves no search behind", () => {
    const f = fixture();
    f.p.C_FindObjectsInit(f.session, []);
    failAfter(f.dir, 1);
    expectCkr(() => f.p.C_FindObjectsFinal(f.session), "CKR_DEVICE_ERROR");
    expect(findObjects(f.p, f.session)).toEqual([]);
  });

  it("a failed C_SignUpdate ends the operation, as on a real token; a new one works", () => {
    const f = fixture();
    const pair = generateKeyPair(f.p, f.session, paramSet("TC26-256-B"));
    f.p.C_SignInit(f.session, { mechanism: BY_SIZE[256].hashSign }, pair.privateKey);
    failAfter(f.dir, 1);
    expectCkr(() => f.p.C_SignUpdate(f.session, Buffer.from("abc")), "CKR_DEVICE_ERROR");
    expectCkr(() => f.p.C_SignUpdate(f.session, Buffer.from("abc")), "CKR_OPERATION_NOT_INITIALIZED");
    f.p.C_SignInit(f.session, { mechanism: BY_SIZE[256].hashSign }, pair.privateKey);
    f.p.C_SignUpdate(f.session, Buffer.from("abc"));
    expect(f.p.C_SignFinal(f.session, Buffer.alloc(64))).toHaveLength(64);
  });
});
