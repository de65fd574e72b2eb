import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { DOCTOR_FINDING_IDS, DoctorReportSchema, RequestSchema, type DoctorReport, type DoctorToken } from "../../../shared/protocol/index.ts";
import { browserRegistrations, type BrowserProbe } from "../../../native-host/src/doctor/browsers.ts";
import { detectCryptoPro, type CryptoProProbe } from "../../../native-host/src/doctor/cryptopro.ts";
import { FINDING_TEXTS } from "../../../native-host/src/doctor/finding-texts.ts";
import { deriveFindings } from "../../../native-host/src/doctor/findings.ts";
import { describeLibraryBytes } from "../../../native-host/src/doctor/library-file.ts";
import { moduleState } from "../../../native-host/src/doctor/module-state.ts";
import { hideHomes, serialTag } from "../../../native-host/src/doctor/privacy.ts";
import { parseRegQueryDefault, type RegistryReader } from "../../../native-host/src/doctor/registry-reader.ts";
import { renderReport } from "../../../native-host/src/doctor/render.ts";
import { ROOT } from "../../fixtures/paths.ts";

const noRegistry: RegistryReader = { defaultValue: () => null };

function token(overrides: Partial<DoctorToken> = {}): DoctorToken {
  return {
    serial: "#0123abcd",
    manufacturer: "Aktiv Co.",
    model: "Rutoken ECP",
    hardwareVersion: "20.0",
    firmwareVersion: "28.0",
    initialized: true,
    loginRequired: true,
    pin: { initialized: true, countLow: false, finalTry: false, locked: false },
    memory: { totalPublic: 65536, freePublic: 60000 },
    mechanisms: [],
    otherMechanisms: 40,
    gost: { generate256: true, generate512: true, sign256: true, sign512: true, derive: true },
    loggedIn: false,
    objects: { byClass: { certificate: 1, publicKey: 1 }, dataByApplication: [], visibleBytes: 3000, usedBytes: 5536 },
    certificates: [],
    ...overrides,
  };
}

function reportWith(tokens: DoctorToken[], rest: Partial<DoctorReport> = {}): Omit<DoctorReport, "findings"> {
  return {
    schema: 1,
    generatedAt: "2026-12-01T10:00:00.000Z",
    full: false,
    system: { platform: "linux", release: "6.1.0", arch: "x64", hostVersion: "0.1.0", runtime: "executable", nodeVersion: "v20.19.0" },
    browsers: [
      {
        id: "chromium",
        label: "Chromium",
        scope: "system",
        location: "/etc/chromium/native-messaging-hosts/ru.kepbridge.host.json",
        found: true,
        registered: true,
      },
    ],
    modules: [
      {
        path: "/usr/lib/librtpkcs11ecp.so",
        name: "Рутокен ЭЦП (Rutoken ECP)",
        source: "known",
        state: "loaded",
        file: { exists: true, format: "elf", arch: "x64" },
        slots: tokens.map((t, i) => ({
          slotId: String(i),
          description: "Aktiv Rutoken ECP 00 00",
          manufacturer: "Aktiv",
          hardwareSlot: true,
          removable: true,
          tokenPresent: true,
          token: t,
        })),
      },
    ],
    cryptoPro: { installed: false, version: null, location: null },
    ...rest,
  };
}

describe("kep doctor: library files", () => {
  it("tells ELF, PE and Mach-O libraries and their processors from their headers", () => {
    const own = readFileSync(process.execPath).subarray(0, 4096);
    expect(describeLibraryBytes(own)).toEqual({ format: "elf", arch: process.arch });
    const elf32 = Buffer.alloc(64);
    elf32.write("\x7fELF", 0, "latin1");
    elf32[4] = 1;
    elf32[5] = 1;
    elf32.writeUInt16LE(3, 18);
    expect(describeLibraryBytes(elf32)).toEqual({ format: "elf", arch: "ia32" });
    const pe = Buffer.alloc(0x100);
    pe.write("MZ", 0, "latin1");
    pe.writeUInt32LE(0x80, 0x3c);
    pe.writeUInt32BE(0x50450000, 0x80);
    pe.writeUInt16LE(0x14c, 0x84);
    expect(describeLibraryBytes(pe)).toEqual({ format: "pe", arch: "ia32" });
    const macho = Buffer.alloc(32);
    macho.writeUInt32LE(0xfeedfacf, 0);
    macho.writeUInt32LE(0x0100000c, 4);
    expect(describeLibraryBytes(macho)).toEqual({ format: "macho", arch: "arm64" });
    expect(describeLibraryBytes(Buffer.from("not a library"))).toEqual({ format: "other", arch: null });
  });

  it("classifies load failures by the file first, then the loader's words", () => {
    const elf64 = { exists: true, format: "elf", arch: "x64" } as const;
    const err = (message: string, ckr?: string) => ({ code: "MODULE_LOAD_FAILED" as const, message, ...(ckr ? { details: { ckr } } : {}) });
    expect(moduleState(undefined, elf64, "linux", "x64")).toBe("loaded");
    expect(moduleState(err("ENOENT"), { exists: false, format: "other", arch: null }, "linux", "x64")).toBe("missing");
    expect(moduleState(err("invalid ELF header"), { exists: true, format: "other", arch: null }, "linux", "x64")).toBe("notPkcs11");
    expect(moduleState(err("cannot load"), { exists: true, format: "pe", arch: "x64" }, "linux", "x64")).toBe("notPkcs11");
    expect(moduleState(err("wrong ELF class: ELFCLASS32"), { exists: true, format: "elf", arch: "ia32" }, "linux", "x64")).toBe("wrongArchitecture");
    expect(moduleState(err("undefined symbol: C_GetFunctionList"), elf64, "linux", "x64")).toBe("notPkcs11");
    expect(moduleState(err("C_Initialize failed for x: CKR_GENERAL_ERROR", "CKR_GENERAL_ERROR"), elf64, "linux", "x64")).toBe("initFailed");
    expect(moduleState(err("libpcsclite.so.1: cannot open shared object file"), elf64, "linux", "x64")).toBe("loadFailed");
    expect(moduleState({ code: "MODULE_UNTRUSTED", message: "refusing" }, elf64, "linux", "x64")).toBe("untrusted");
  });
});

describe("kep doctor: registration and CryptoPro", () => {
  it("reads the default value from reg query output, English or Russian Windows", () => {
    const key = "HKEY_CURRENT_USER\\Software\\Yandex\\YandexBrowser\\NativeMessagingHosts\\ru.kepbridge.host";
    expect(parseRegQueryDefault(`\r\n${key}\r\n    (Default)    REG_SZ    C:\\Users\\ivan\\AppData\\Local\\kep-bridge\\x.json\r\n\r\n`)).toBe(
      "C:\\Users\\ivan\\AppData\\Local\\kep-bridge\\x.json",
    );
    expect(parseRegQueryDefault(`${key}\n    (По умолчанию)    REG_SZ    D:\\kep\\x.json\n`)).toBe("D:\\kep\\x.json");
    expect(parseRegQueryDefault(`${key}\n`)).toBeNull();
  });

  it("finds Linux manifests by the locations table and tells a manifest whose program is missing", () => {
    const files = new Map<string, string>([
      ["/home/u/.config/chromium/NativeMessagingHosts/ru.kepbridge.host.json", JSON.stringify({ name: "ru.kepbridge.host", path: "/opt/kep-bridge/kep-host" })],
      ["/opt/kep-bridge/kep-host", ""],
      ["/etc/opt/chrome/native-messaging-hosts/ru.kepbridge.host.json", JSON.stringify({ name: "ru.kepbridge.host", path: "/gone/kep-host" })],
    ]);
    const dirs = new Set(["/home/u/.config/chromium", "/home/u/.config/yandex-browser", "/etc/opt/chrome"]);
    const probe: BrowserProbe = {
      os: "linux",
      home: "/home/u",
      exists: (p) => files.has(p) || dirs.has(p),
      readText: (p) => files.get(p)!,
      registry: noRegistry,
    };
    const entries = browserRegistrations(probe);
    expect(entries.find((e) => e.id === "chromium" && e.scope === "user")).toMatchObject({ found: true, registered: true });
    expect(entries.find((e) => e.id === "chromium" && e.scope === "user")!.problem).toBeUndefined();
    expect(entries.find((e) => e.id === "chrome" && e.scope === "system")).toMatchObject({
      found: true,
      registered: true,
      problem: expect.stringContaining("/gone/kep-host"),
    });
    expect(entries.find((e) => e.id === "yandex" && e.scope === "user")).toMatchObject({ found: true, registered: false });
    const findings = deriveFindings(reportWith([token()], { browsers: entries }));
    expect(findings).toContainEqual({ id: "MANIFEST_BROKEN", severity: "error", subject: "/etc/opt/chrome/native-messaging-hosts/ru.kepbridge.host.json" });
    expect(findings).toContainEqual({ id: "HOST_NOT_REGISTERED", severity: "warning", subject: "Яндекс Браузер / Yandex Browser" });
    expect(findings.filter((f) => f.id === "HOST_NOT_REGISTERED")).toHaveLength(1);
  });

  it("reads Windows registration from HKCU keys, Yandex's own included", () => {
    const json = "C:\\Users\\u\\AppData\\Local\\kep-bridge\\NativeMessagingHosts\\yandex\\ru.kepbridge.host.json";
    const registry: RegistryReader = {
      defaultValue: (key) => (key === "HKEY_CURRENT_USER\\Software\\Yandex\\YandexBrowser\\NativeMessagingHosts\\ru.kepbridge.host" ? json : null),
    };
    const probe: BrowserProbe = {
      os: "win32",
      home: "C:\\Users\\u",
      exists: (p) => p === json || p === "C:\\kep\\kep-host.exe",
      readText: () => JSON.stringify({ name: "ru.kepbridge.host", path: "C:\\kep\\kep-host.exe" }),
      registry,
    };
    const entries = browserRegistrations(probe);
    expect(entries.filter((e) => e.registered)).toEqual([
      {
        id: "yandex",
        label: "Яндекс Браузер / Yandex Browser",
        scope: "user",
        location: "HKEY_CURRENT_USER\\Software\\Yandex\\YandexBrowser\\NativeMessagingHosts\\ru.kepbridge.host",
        found: null,
        registered: true,
      },
    ]);
  });

  it("detects CryptoPro CSP on Linux with its package version, and on Windows under Program Files", () => {
    const linux: CryptoProProbe = {
      platform: "linux",
      exists: (p) => p === "/opt/cprocsp",
      packageVersion: () => "5.0.12000-6",
      registry: noRegistry,
      programFiles: [],
    };
    expect(detectCryptoPro(linux)).toEqual({ installed: true, version: "5.0.12000-6", location: "/opt/cprocsp" });
    expect(detectCryptoPro({ ...linux, exists: () => false })).toEqual({ installed: false, version: null, location: null });
    const windows: CryptoProProbe = {
      platform: "win32",
      exists: (p) => p === "C:\\Program Files\\Crypto Pro\\CSP",
      packageVersion: () => null,
      registry: noRegistry,
      programFiles: ["C:\\Program Files"],
    };
    expect(detectCryptoPro(windows)).toEqual({ installed: true, version: null, location: "C:\\Program Files\\Crypto Pro\\CSP" });
  });
});

describe("kep doctor: findings, privacy and text", () => {
  it("concludes from token state: PIN, GOST, memory, storage PKCS#11 cannot see, CryptoPro objects", () => {
    const findings = deriveFindings(
      reportWith([
        token(),
        token({ pin: { initialized: true, countLow: true, finalTry: false, locked: true } }),
        token({
          gost: { generate256: false, generate512: false, sign256: false, sign512: false, derive: false },
          memory: { totalPublic: 65536, freePublic: 1000 },
        }),
        token({
          objects: { byClass: { data: 2 }, dataByApplication: [{ application: "CryptoPro CSP", count: 2, bytes: 600 }], visibleBytes: 3000, usedBytes: 40_000 },
        }),
      ]),
    );
    const about = (slot: number) => findings.filter((f) => f.subject?.includes(`slot ${slot} `)).map((f) => f.id);
    expect(about(0)).toEqual([]);
    expect(about(1)).toEqual(["PIN_LOCKED"]);
    expect(about(2).sort()).toEqual(["NO_GOST", "TOKEN_ALMOST_FULL"]);
    expect(about(3).sort()).toEqual(["CRYPTOPRO_OBJECTS", "HIDDEN_STORAGE"]);
    expect(findings[0]!.severity).toBe("error");
    expect(deriveFindings(reportWith([], { modules: [] })).map((f) => f.id)).toEqual(["NO_MODULES"]);
    expect(deriveFindings(reportWith([])).map((f) => f.id)).toEqual(["NO_TOKEN"]);
  });

  it("takes a doctor request with a language only", () => {
    expect(v.parse(RequestSchema, { id: 1, cmd: "doctor", lang: "ru", full: true })).toEqual({ id: 1, cmd: "doctor", lang: "ru" });
    expect(v.safeParse(RequestSchema, { id: 1, cmd: "doctor" }).success).toBe(false);
  });

  it("hides home folders and serials", () => {
    expect(serialTag("0A1B2C3D")).toMatch(/^#[0-9a-f]{8}$/);
    expect(serialTag("0A1B2C3D")).not.toContain("0A1B2C3D");
    const hidden = hideHomes(
      { a: ["/home/ivan/lib/x.so", "cannot load /home/ivan/x.so: ENOENT", "/home/petr/y.so", "C:\\Users\\Petr\\z.dll", "/home/ivanov/q"] },
      "/home/ivan",
    );
    expect(hidden).toEqual({ a: ["~/lib/x.so", "cannot load ~/x.so: ENOENT", "~user/y.so", "~user\\z.dll", "~user/q"] });
  });

  it("renders Russian first and English on request, every finding with what to do", () => {
    const partial = reportWith([token({ pin: { initialized: true, countLow: true, finalTry: true, locked: false } })]);
    const report: DoctorReport = { ...partial, findings: deriveFindings(partial) };
    expect(v.safeParse(DoctorReportSchema, report).success).toBe(true);
    const ru = renderReport(report, "ru");
    expect(ru).toMatch(/^Отчёт kep-bridge для поддержки/);
    expect(ru).toContain(`PIN_FINAL_TRY (Рутокен ЭЦП (Rutoken ECP) · slot 0 · #0123abcd): ${FINDING_TEXTS.PIN_FINAL_TRY.ru.what}`);
    expect(ru).toContain(`Что делать: ${FINDING_TEXTS.PIN_FINAL_TRY.ru.todo}`);
    expect(ru).toContain("занято 5536 из 65536 байт");
    const en = renderReport(report, "en");
    expect(en).toMatch(/^kep-bridge support report/);
    expect(en).toContain(`What to do: ${FINDING_TEXTS.PIN_FINAL_TRY.en.todo}`);
    expect(en).not.toContain("Что делать");
  });

  it("has every finding explained in README's troubleshooting section, in Russian and English", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const ruStart = readme.indexOf("## Если что-то не работает");
    const enStart = readme.indexOf("## Troubleshooting");
    expect(ruStart).toBeGreaterThanOrEqual(0);
    expect(enStart).toBeGreaterThan(ruStart);
    const ru = readme.slice(ruStart, enStart);
    const en = readme.slice(enStart);
    for (const id of DOCTOR_FINDING_IDS) {
      expect(ru, id).toContain(`\`${id}\``);
      expect(en, id).toContain(`\`${id}\``);
    }
  });
});
