import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { windowsRegistry } from "../../../manifests/windows-registry.ts";
import { productionTrust } from "../../../packaging/production-trust.ts";
import { installerTargets, registryNsh, windowsManifests } from "../../../packaging/windows-installer.ts";
import { buildWindowsSetup } from "../../../packaging/windows-setup.ts";

const STORE_ID = "abcdefghijklmnopabcdefghijklmnop";
const DEV_ID = "ndkcibfpbpclokaippfdmhggipaeolnm";

function hasMakensis(): boolean {
  try {
    execFileSync("makensis", ["-VERSION"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("the Windows installer's registrations, as text", () => {
  const nsh = registryNsh();
  const registered = [...nsh.matchAll(/^ {2}WriteRegStr HKCU "([^"]+)" "" "\$INSTDIR\\([^"]+)"/gm)].map((m) => [m[1], m[2]]);

  it("writes per-user keys only, never HKLM, for Chrome, Chromium, Edge, Yandex's own key and Firefox", () => {
    expect(nsh).not.toMatch(/HKLM|HKEY_LOCAL_MACHINE/);
    expect(Object.fromEntries(registered)).toMatchObject({
      "Software\\Google\\Chrome\\NativeMessagingHosts\\ru.kepbridge.host": "ru.kepbridge.host.chromium.json",
      "Software\\Chromium\\NativeMessagingHosts\\ru.kepbridge.host": "ru.kepbridge.host.chromium.json",
      "Software\\Microsoft\\Edge\\NativeMessagingHosts\\ru.kepbridge.host": "ru.kepbridge.host.chromium.json",
      "Software\\Yandex\\YandexBrowser\\NativeMessagingHosts\\ru.kepbridge.host": "ru.kepbridge.host.chromium.json",
      "Software\\Mozilla\\NativeMessagingHosts\\ru.kepbridge.host": "ru.kepbridge.host.firefox.json",
    });
  });

  it("registers exactly the keys `npm run install-host` writes on Windows, from the same table", () => {
    const keys = windowsRegistry(installerTargets()).regArgs.map((args) => args[1]!.replace(/^HKCU\\/, ""));
    expect(registered.map(([key]) => key)).toEqual(keys);
    const removed = [...nsh.matchAll(/^ {2}DeleteRegKey HKCU "([^"]+)"/gm)].map((m) => m[1]);
    expect(removed).toEqual(keys);
  });

  it("ships manifests that run kep-bridge.exe beside them and trust only store builds", () => {
    const manifests = windowsManifests(productionTrust([STORE_ID]));
    const chromium = JSON.parse(manifests["ru.kepbridge.host.chromium.json"]!);
    const firefox = JSON.parse(manifests["ru.kepbridge.host.firefox.json"]!);
    expect(chromium).toMatchObject({ name: "ru.kepbridge.host", path: "kep-bridge.exe", allowed_origins: [`chrome-extension://${STORE_ID}/`] });
    expect(firefox).toMatchObject({ path: "kep-bridge.exe", allowed_extensions: ["kep-bridge@kepbridge.ru"] });
    expect(Object.values(manifests).join("\n")).not.toContain(DEV_ID);
  });
});

describe.skipIf(!hasMakensis())("the NSIS definition compiles (makensis cross build)", () => {
  const dir = mkdtempSync(join(tmpdir(), "kep-nsis-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("makes a per-user setup without administrator rights", () => {
    const exe = join(dir, "kep-bridge.exe");
    writeFileSync(exe, "stand-in for the Windows build of the executable");
    const setup = buildWindowsSetup({ executable: exe, version: "0.1.0", trusted: productionTrust([STORE_ID]), outDir: dir, log: () => undefined });
    expect(setup).toBeDefined();
    expect(existsSync(setup!)).toBe(true);
    expect(readFileSync(setup!).subarray(0, 2).toString()).toBe("MZ");
    expect(statSync(setup!).size).toBeGreaterThan(30_000);
    // The manifest NSIS embeds asks Windows for the caller's rights, never elevation.
    expect(readFileSync(setup!).toString("latin1")).toContain('level="asInvoker"');
  });
});
