import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pkcs11js from "pkcs11js";
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DoctorReportSchema, ResultSchemas, type DoctorReport } from "../../shared/protocol/index.ts";
import { createGostToken, type GostToken } from "../fixtures/gost-token.ts";
import { HostProcess } from "../fixtures/host-process.ts";
import { ROOT, TEST_OUTPUT } from "../fixtures/paths.ts";
import { createSoftHsmToken, type SoftHsmToken } from "../fixtures/softhsm-token.ts";
import { insertToken, SOFTTOKEN_LIB } from "../softtoken/harness.ts";
import { DEFAULT_PINS, openModule, slotHandle, userSession } from "../softtoken/provision/token.ts";

const CLI = join(ROOT, "dist/native-host/kep-cli.cjs");

function doctor(env: Record<string, string>, args: string[] = []) {
  const run = spawnSync(process.execPath, [CLI, "doctor", ...args], { env: { ...process.env, ...env }, encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

function report(env: Record<string, string>, args: string[] = []): DoctorReport {
  const parsed = v.safeParse(DoctorReportSchema, JSON.parse(doctor(env, [...args, "--json"])));
  expect(parsed.issues, "the --json output follows the shared schema").toBeUndefined();
  return parsed.output as DoctorReport;
}

const ids = (r: DoctorReport) => r.findings.map((f) => f.id);

/** An ELF header of a 32-bit x86 shared object: enough for the loader to refuse it for its class. */
function elf32Header(): Buffer {
  const head = Buffer.alloc(64);
  head.write("\x7fELF", 0, "latin1");
  head[4] = 1; // ELFCLASS32
  head[5] = 1; // little-endian
  head[6] = 1;
  head.writeUInt16LE(3, 16); // ET_DYN
  head.writeUInt16LE(3, 18); // EM_386
  head.writeUInt32LE(1, 20);
  return head;
}

describe("kep doctor", () => {
  let softhsm: SoftHsmToken;
  let gost: GostToken;
  let libs: string;

  beforeAll(async () => {
    softhsm = await createSoftHsmToken();
    // Slot 0 initialised, slot 1 a blank token, slot 2 an empty reader.
    gost = createGostToken({ slots: 3, initialised: [0] });
    insertToken(gost.dir, 1);
    // Storage PKCS#11 does not show without a login, as CryptoPro's containers, and a data
    // object CryptoPro CSP wrote where it can be seen.
    const module = openModule(gost.dir);
    try {
      const session = userSession(module.p, slotHandle(module.p, 0), DEFAULT_PINS.pin);
      const data = (application: string, value: Buffer, hidden: boolean) =>
        module.p.C_CreateObject(session, [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA },
          { type: pkcs11js.CKA_TOKEN, value: true },
          { type: pkcs11js.CKA_PRIVATE, value: hidden },
          { type: pkcs11js.CKA_APPLICATION, value: application },
          { type: pkcs11js.CKA_VALUE, value },
        ]);
      data("CryptoPro CSP", Buffer.alloc(200, 1), false);
      data("container", Buffer.alloc(12_000, 2), true);
      module.p.C_Logout(session);
      module.p.C_CloseSession(session);
    } finally {
      module.close();
    }
    mkdirSync(TEST_OUTPUT, { recursive: true });
    libs = mkdtempSync(join(TEST_OUTPUT, "doctor-libs-"));
    writeFileSync(join(libs, "notes.so"), "this is a text file, not a library\n".repeat(4));
    writeFileSync(join(libs, "libpkcs11-i386.so"), elf32Header());
    copyFileSync("/usr/lib/x86_64-linux-gnu/libz.so.1", join(libs, "libnoentry.so"));
    // A folder anyone in the group may write to: the host refuses to load from it.
    mkdirSync(join(libs, "shared"));
    chmodSync(join(libs, "shared"), 0o775);
    copyFileSync(SOFTTOKEN_LIB, join(libs, "shared", "libkepsofttoken.so"));
  });
  afterAll(() => {
    softhsm?.cleanup();
    gost?.cleanup();
    if (libs) rmSync(libs, { recursive: true, force: true });
  });

  it("reports a SoftHSM2 token: loaded, initialised, its objects, and no GOST", () => {
    const r = report(softhsm.env);
    const [module] = r.modules;
    expect(module).toMatchObject({ path: softhsm.module, state: "loaded", source: "env", file: { format: "elf", arch: process.arch } });
    const slot = module!.slots.find((s) => s.token?.initialized)!;
    expect(slot.token!.objects.byClass).toMatchObject({ certificate: 3, publicKey: 2 });
    expect(slot.token!.certificates.map((c) => c.daysLeft).sort((a, b) => a - b)).toEqual([-5, 10, 200]);
    expect(slot.token!.gost.generate256).toBe(false);
    expect(r.findings).toContainEqual(expect.objectContaining({ id: "NO_GOST", subject: expect.stringContaining("SoftHSM") }));
    expect(r.system).toMatchObject({ platform: "linux", arch: process.arch, runtime: "node" });
  });

  it("names no owner, INN, certificate or token serial without --full, and all of them with it", () => {
    const owner = "Иванов Иван Иванович";
    const inn = "771234567890";
    const personal = [owner, inn, softhsm.serial, softhsm.label, "Ромашка"];
    const full = report(softhsm.env, ["--full"]);
    const certSerials = full.modules[0]!.slots.flatMap((s) => s.token?.certificates.map((c) => c.serialNumber!) ?? []);
    expect(certSerials).toHaveLength(3);
    const fullText = doctor(softhsm.env, ["--full"]);
    for (const item of [owner, softhsm.serial, softhsm.label]) expect(fullText).toContain(item);

    const plain = [doctor(softhsm.env), doctor({ ...softhsm.env, KEP_LANG: "en" }), doctor(softhsm.env, ["--json"])];
    for (const text of plain) {
      for (const item of [...personal, ...certSerials]) expect(text).not.toContain(item);
    }
    const hashed = report(softhsm.env).modules[0]!.slots.find((s) => s.token?.initialized)!.token!.serial;
    expect(hashed).toMatch(/^#[0-9a-f]{8}$/);
    expect(plain[0]).toContain(hashed);
  });

  it("reports the GOST soft token's mechanisms, a blank token, an empty reader and storage PKCS#11 cannot see", () => {
    const r = report(gost.env);
    const slots = r.modules[0]!.slots;
    expect(slots.map((s) => s.tokenPresent)).toEqual([true, true, false]);
    const token = slots[0]!.token!;
    expect(token.gost).toEqual({ generate256: true, generate512: true, sign256: true, sign512: true, derive: expect.any(Boolean) });
    expect(token.mechanisms.find((m) => m.name === "CKM_GOSTR3410_512_KEY_PAIR_GEN")).toMatchObject({ code: "0xD4321005", bits: 512, generateKeyPair: true });
    expect(token.loggedIn).toBe(false);
    expect(token.objects.byClass).toEqual({ data: 1 });
    expect(token.objects.dataByApplication).toEqual([{ application: "CryptoPro CSP", count: 1, bytes: expect.any(Number) }]);
    expect(token.objects.usedBytes! - token.objects.visibleBytes).toBeGreaterThan(12_000);
    expect(slots[1]!.token).toMatchObject({ initialized: false });
    const subject = (slot: number) => expect.stringContaining(`slot ${slots[slot]!.slotId}`);
    expect(r.findings).toEqual(
      expect.arrayContaining([
        { id: "HIDDEN_STORAGE", severity: "warning", subject: subject(0) },
        { id: "CRYPTOPRO_OBJECTS", severity: "info", subject: subject(0) },
        { id: "TOKEN_NOT_INITIALIZED", severity: "warning", subject: subject(1) },
      ]),
    );
    expect(ids(r)).not.toContain("NO_GOST");
    expect(ids(r)).not.toContain("NO_TOKEN");

    const text = doctor(gost.env);
    expect(text).toMatch(/Слот \d+: .* — токена нет/);
    expect(text).toMatch(/ГОСТ 2012: создание ключей 256\+ 512\+, подпись 256\+ 512\+/);
    expect(text).toContain("HIDDEN_STORAGE");
    expect(text).toMatch(/Что делать: .*КриптоПро/);
  });

  it("says why libraries do not load: missing, not a library, wrong architecture, no PKCS#11 entry point, C_Initialize, unsafe folder", () => {
    const paths = {
      missing: join(libs, "librtpkcs11ecp.so"),
      notLibrary: join(libs, "notes.so"),
      wrongArch: join(libs, "libpkcs11-i386.so"),
      noEntry: join(libs, "libnoentry.so"),
      untrusted: join(libs, "shared", "libkepsofttoken.so"),
      // The soft token's C_Initialize fails when its state directory does not exist.
      initFails: SOFTTOKEN_LIB,
    };
    const r = report({ KEP_SOFTTOKEN_DIR: join(libs, "no-such-dir"), KEP_PKCS11_MODULES: Object.values(paths).join(":") });
    const state = (path: string) => r.modules.find((m) => m.path === path);
    expect(state(paths.missing)).toMatchObject({ state: "missing", file: { exists: false } });
    expect(state(paths.notLibrary)).toMatchObject({ state: "notPkcs11", file: { format: "other" } });
    expect(state(paths.wrongArch)).toMatchObject({ state: "wrongArchitecture", file: { format: "elf", arch: "ia32" } });
    expect(state(paths.noEntry)).toMatchObject({
      state: "notPkcs11",
      file: { format: "elf", arch: process.arch },
      detail: expect.stringMatching(/C_GetFunctionList/),
    });
    expect(state(paths.untrusted)).toMatchObject({ state: "untrusted", detail: expect.stringMatching(/writable by group/) });
    expect(state(paths.initFails)).toMatchObject({ state: "initFailed", detail: expect.stringMatching(/C_Initialize.*CKR_GENERAL_ERROR/) });
    expect(r.findings.filter((f) => f.severity === "error")).toEqual(
      expect.arrayContaining([
        { id: "MODULE_MISSING", severity: "error", subject: paths.missing },
        { id: "MODULE_NOT_PKCS11", severity: "error", subject: paths.notLibrary },
        { id: "MODULE_WRONG_ARCH", severity: "error", subject: paths.wrongArch },
        { id: "MODULE_NOT_PKCS11", severity: "error", subject: paths.noEntry },
        { id: "MODULE_UNTRUSTED", severity: "error", subject: paths.untrusted },
        { id: "MODULE_INIT_FAILED", severity: "error", subject: paths.initFails },
      ]),
    );
    const english = doctor({ KEP_PKCS11_MODULES: paths.wrongArch, KEP_LANG: "en" });
    expect(english).toMatch(/wrong architecture/);
    expect(english).toMatch(/What to do: Install the token driver for this system/);
  });

  it("answers the extension's doctor request over native messaging, validated, in its language, never full", async () => {
    const host = new HostProcess(softhsm.env);
    try {
      expect((await host.handshake()).ok).toBe(true);
      const response = await host.request("doctor", { lang: "en" });
      expect(response.ok, JSON.stringify(response)).toBe(true);
      const result = v.parse(ResultSchemas.doctor, (response as { result: unknown }).result);
      expect(result.report.full).toBe(false);
      expect(result.text).toMatch(/^kep-bridge support report/);
      expect(result.text).not.toContain(softhsm.serial);
      expect(result.text).not.toContain("Иванов");
      const refused = await host.request("doctor", { lang: "en", full: true });
      expect(refused.ok).toBe(true);
      expect(v.parse(ResultSchemas.doctor, (refused as { result: unknown }).result).report.full).toBe(false);
    } finally {
      await host.stop();
    }
  });
});
