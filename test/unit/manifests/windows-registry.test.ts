import { describe, expect, it } from "vitest";
import { encodeRegFile, planInstall, planUninstall, windowsRegistry } from "../../../manifests/install.ts";
import { manifestTargets } from "../../../manifests/locations.ts";

const HOME = "C:\\Users\\Иван";
const LAUNCHER = "C:\\Users\\Иван\\kep-bridge\\dist\\native-host\\kep-host.cmd";
const DATA = "C:\\\\Users\\\\Иван\\\\AppData\\\\Local\\\\kep-bridge\\\\NativeMessagingHosts";

describe("windowsRegistry", () => {
  it("renders a version-5 .reg with CRLF, escaped paths and one HKCU key per browser", () => {
    const plan = planInstall({ os: "win32", scope: "user", home: HOME, launcherPath: LAUNCHER });
    const { regFile } = windowsRegistry(plan);
    expect(regFile.split("\r\n")).toEqual([
      "Windows Registry Editor Version 5.00",
      "",
      "[HKEY_CURRENT_USER\\Software\\Google\\Chrome\\NativeMessagingHosts\\ru.kepbridge.host]",
      `@="${DATA}\\\\chrome\\\\ru.kepbridge.host.json"`,
      "",
      "[HKEY_CURRENT_USER\\Software\\Chromium\\NativeMessagingHosts\\ru.kepbridge.host]",
      `@="${DATA}\\\\chromium\\\\ru.kepbridge.host.json"`,
      "",
      "[HKEY_CURRENT_USER\\Software\\Yandex\\YandexBrowser\\NativeMessagingHosts\\ru.kepbridge.host]",
      `@="${DATA}\\\\yandex\\\\ru.kepbridge.host.json"`,
      "",
      "[HKEY_CURRENT_USER\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\ru.kepbridge.host]",
      `@="${DATA}\\\\edge\\\\ru.kepbridge.host.json"`,
      "",
      "[HKEY_CURRENT_USER\\Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts\\ru.kepbridge.host]",
      `@="${DATA}\\\\brave\\\\ru.kepbridge.host.json"`,
      "",
      "[HKEY_CURRENT_USER\\Software\\Vivaldi\\NativeMessagingHosts\\ru.kepbridge.host]",
      `@="${DATA}\\\\vivaldi\\\\ru.kepbridge.host.json"`,
      "",
      "[HKEY_CURRENT_USER\\Software\\Mozilla\\NativeMessagingHosts\\ru.kepbridge.host]",
      `@="${DATA}\\\\firefox\\\\ru.kepbridge.host.json"`,
      "",
    ]);
  });

  it("uses HKLM for system scope and matching reg add lines / argv", () => {
    const plan = planInstall({
      os: "win32",
      scope: "system",
      home: HOME,
      windowsDataDir: "C:\\Program Data",
      launcherPath: LAUNCHER,
      browsers: ["chrome", "firefox"],
    });
    const script = windowsRegistry(plan);
    expect(script.regFile).toContain("[HKEY_LOCAL_MACHINE\\Software\\Google\\Chrome\\NativeMessagingHosts\\ru.kepbridge.host]");
    expect(script.regFile).toContain('@="C:\\\\Program Data\\\\kep-bridge\\\\NativeMessagingHosts\\\\firefox\\\\ru.kepbridge.host.json"');
    expect(script.regFile).not.toContain("HKEY_CURRENT_USER");
    expect(script.regCommands).toEqual([
      'reg add "HKLM\\Software\\Google\\Chrome\\NativeMessagingHosts\\ru.kepbridge.host" /ve /t REG_SZ /d "C:\\Program Data\\kep-bridge\\NativeMessagingHosts\\chrome\\ru.kepbridge.host.json" /f',
      'reg add "HKLM\\Software\\Mozilla\\NativeMessagingHosts\\ru.kepbridge.host" /ve /t REG_SZ /d "C:\\Program Data\\kep-bridge\\NativeMessagingHosts\\firefox\\ru.kepbridge.host.json" /f',
    ]);
    expect(script.regArgs[1]).toEqual([
      "add",
      "HKLM\\Software\\Mozilla\\NativeMessagingHosts\\ru.kepbridge.host",
      "/ve",
      "/t",
      "REG_SZ",
      "/d",
      "C:\\Program Data\\kep-bridge\\NativeMessagingHosts\\firefox\\ru.kepbridge.host.json",
      "/f",
    ]);
  });

  it("renders key deletions for uninstall", () => {
    const targets = planUninstall({ os: "win32", scope: "user", home: HOME, browsers: ["yandex"] });
    const script = windowsRegistry(targets, "uninstall");
    expect(script.regFile).toBe(
      "Windows Registry Editor Version 5.00\r\n\r\n" + "[-HKEY_CURRENT_USER\\Software\\Yandex\\YandexBrowser\\NativeMessagingHosts\\ru.kepbridge.host]\r\n",
    );
    expect(script.regCommands).toEqual(['reg delete "HKCU\\Software\\Yandex\\YandexBrowser\\NativeMessagingHosts\\ru.kepbridge.host" /f']);
  });

  it("refuses non-Windows targets", () => {
    expect(() => windowsRegistry(manifestTargets({ os: "linux", scope: "user", home: "/home/u" }))).toThrow(/registry key/);
  });

  it("encodes the .reg as UTF-16LE with a BOM so Cyrillic paths survive", () => {
    const bytes = encodeRegFile('@="C:\\\\Users\\\\Иван"');
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString("utf16le")).toBe('@="C:\\\\Users\\\\Иван"');
  });
});
