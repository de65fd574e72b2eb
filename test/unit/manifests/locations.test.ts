import { describe, expect, it } from "vitest";
import { BROWSER_IDS, BROWSER_LOCATIONS, hasLocation, isBrowserId, manifestTargets } from "../../../manifests/locations.ts";

const HOME = "/home/ivan";
const MAC_HOME = "/Users/ivan";
const FILE = "ru.kepbridge.host.json";

function filesByBrowser(targets: ReturnType<typeof manifestTargets>): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const target of targets) (result[target.browser] ??= []).push(target.file);
  return result;
}

describe("location table", () => {
  it("has one row per browser id, in BROWSER_IDS order", () => {
    expect(BROWSER_LOCATIONS.map((row) => row.id)).toEqual([...BROWSER_IDS]);
    expect(isBrowserId("yandex")).toBe(true);
    expect(isBrowserId("opera")).toBe(false);
  });

  it("Linux user scope: every browser under ~/.config or ~/.mozilla", () => {
    expect(filesByBrowser(manifestTargets({ os: "linux", scope: "user", home: HOME }))).toEqual({
      chrome: [`${HOME}/.config/google-chrome/NativeMessagingHosts/${FILE}`],
      "chrome-beta": [`${HOME}/.config/google-chrome-beta/NativeMessagingHosts/${FILE}`],
      "chrome-dev": [`${HOME}/.config/google-chrome-unstable/NativeMessagingHosts/${FILE}`],
      chromium: [`${HOME}/.config/chromium/NativeMessagingHosts/${FILE}`],
      yandex: [`${HOME}/.config/yandex-browser/NativeMessagingHosts/${FILE}`],
      "yandex-beta": [`${HOME}/.config/yandex-browser-beta/NativeMessagingHosts/${FILE}`],
      edge: [`${HOME}/.config/microsoft-edge/NativeMessagingHosts/${FILE}`],
      brave: [`${HOME}/.config/BraveSoftware/Brave-Browser/NativeMessagingHosts/${FILE}`],
      vivaldi: [`${HOME}/.config/vivaldi/NativeMessagingHosts/${FILE}`],
      firefox: [`${HOME}/.mozilla/native-messaging-hosts/${FILE}`],
    });
  });

  it("Linux user scope: presence is the browser's config dir, chromium family vs firefox", () => {
    const [chrome, firefox] = manifestTargets({ os: "linux", scope: "user", home: HOME, browsers: ["chrome", "firefox"] });
    expect(chrome).toMatchObject({ family: "chromium", scope: "user", presenceDir: `${HOME}/.config/google-chrome` });
    expect(firefox).toMatchObject({ family: "firefox", presenceDir: `${HOME}/.mozilla` });
    expect(chrome?.registryKey).toBeUndefined();
  });

  it("Linux system scope: /etc and /usr/lib{,64}/mozilla, no presence check", () => {
    const targets = manifestTargets({ os: "linux", scope: "system", home: HOME });
    expect(filesByBrowser(targets)).toEqual({
      chrome: [`/etc/opt/chrome/native-messaging-hosts/${FILE}`],
      chromium: [`/etc/chromium/native-messaging-hosts/${FILE}`],
      yandex: [`/etc/opt/yandex/browser/native-messaging-hosts/${FILE}`],
      "yandex-beta": [`/etc/opt/yandex/browser-beta/native-messaging-hosts/${FILE}`],
      edge: [`/etc/opt/edge/native-messaging-hosts/${FILE}`],
      brave: [`/etc/opt/brave.com/brave/native-messaging-hosts/${FILE}`, `/etc/opt/brave/native-messaging-hosts/${FILE}`],
      vivaldi: [`/etc/opt/vivaldi/native-messaging-hosts/${FILE}`],
      firefox: [`/usr/lib/mozilla/native-messaging-hosts/${FILE}`, `/usr/lib64/mozilla/native-messaging-hosts/${FILE}`],
    });
    expect(targets.every((t) => t.presenceDir === undefined && t.scope === "system")).toBe(true);
  });

  it("macOS user scope: ~/Library/Application Support/...", () => {
    const base = `${MAC_HOME}/Library/Application Support`;
    expect(filesByBrowser(manifestTargets({ os: "darwin", scope: "user", home: MAC_HOME }))).toEqual({
      chrome: [`${base}/Google/Chrome/NativeMessagingHosts/${FILE}`],
      "chrome-beta": [`${base}/Google/Chrome Beta/NativeMessagingHosts/${FILE}`],
      "chrome-dev": [`${base}/Google/Chrome Dev/NativeMessagingHosts/${FILE}`],
      "chrome-canary": [`${base}/Google/Chrome Canary/NativeMessagingHosts/${FILE}`],
      chromium: [`${base}/Chromium/NativeMessagingHosts/${FILE}`],
      yandex: [`${base}/Yandex/YandexBrowser/NativeMessagingHosts/${FILE}`],
      edge: [`${base}/Microsoft Edge/NativeMessagingHosts/${FILE}`],
      brave: [`${base}/BraveSoftware/Brave-Browser/NativeMessagingHosts/${FILE}`],
      vivaldi: [`${base}/Vivaldi/NativeMessagingHosts/${FILE}`],
      firefox: [`${base}/Mozilla/NativeMessagingHosts/${FILE}`],
    });
  });

  it("macOS system scope: /Library/...", () => {
    expect(filesByBrowser(manifestTargets({ os: "darwin", scope: "system", home: MAC_HOME }))).toEqual({
      chrome: [`/Library/Google/Chrome/NativeMessagingHosts/${FILE}`],
      chromium: [`/Library/Application Support/Chromium/NativeMessagingHosts/${FILE}`],
      edge: [`/Library/Microsoft/Edge/NativeMessagingHosts/${FILE}`],
      brave: [`/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts/${FILE}`],
      vivaldi: [`/Library/Application Support/Vivaldi/NativeMessagingHosts/${FILE}`],
      firefox: [`/Library/Application Support/Mozilla/NativeMessagingHosts/${FILE}`],
    });
  });

  it("Windows user scope: HKCU keys, JSON under %LOCALAPPDATA%", () => {
    const targets = manifestTargets({ os: "win32", scope: "user", home: "C:\\Users\\ivan" });
    expect(targets.map((t) => [t.browser, t.registryKey])).toEqual([
      ["chrome", "HKEY_CURRENT_USER\\Software\\Google\\Chrome\\NativeMessagingHosts\\ru.kepbridge.host"],
      ["chromium", "HKEY_CURRENT_USER\\Software\\Chromium\\NativeMessagingHosts\\ru.kepbridge.host"],
      ["yandex", "HKEY_CURRENT_USER\\Software\\Yandex\\YandexBrowser\\NativeMessagingHosts\\ru.kepbridge.host"],
      ["edge", "HKEY_CURRENT_USER\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\ru.kepbridge.host"],
      ["brave", "HKEY_CURRENT_USER\\Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts\\ru.kepbridge.host"],
      ["vivaldi", "HKEY_CURRENT_USER\\Software\\Vivaldi\\NativeMessagingHosts\\ru.kepbridge.host"],
      ["firefox", "HKEY_CURRENT_USER\\Software\\Mozilla\\NativeMessagingHosts\\ru.kepbridge.host"],
    ]);
    expect(targets[0]?.file).toBe("C:\\Users\\ivan\\AppData\\Local\\kep-bridge\\NativeMessagingHosts\\chrome\\ru.kepbridge.host.json");
    expect(targets.every((t) => t.presenceDir === undefined)).toBe(true);
  });

  it("Windows system scope: HKLM keys, JSON under the given data dir", () => {
    const targets = manifestTargets({
      os: "win32",
      scope: "system",
      home: "C:\\Users\\ivan",
      windowsDataDir: "D:\\ProgramData",
      browsers: ["edge", "firefox"],
    });
    expect(targets).toEqual([
      {
        browser: "edge",
        scope: "system",
        label: "Microsoft Edge",
        family: "chromium",
        file: "D:\\ProgramData\\kep-bridge\\NativeMessagingHosts\\edge\\ru.kepbridge.host.json",
        registryKey: "HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\ru.kepbridge.host",
      },
      {
        browser: "firefox",
        scope: "system",
        label: "Firefox",
        family: "firefox",
        file: "D:\\ProgramData\\kep-bridge\\NativeMessagingHosts\\firefox\\ru.kepbridge.host.json",
        registryKey: "HKEY_LOCAL_MACHINE\\Software\\Mozilla\\NativeMessagingHosts\\ru.kepbridge.host",
      },
    ]);
  });

  it("filters by browser and refuses an explicitly named browser with no location", () => {
    expect(manifestTargets({ os: "linux", scope: "user", home: HOME, browsers: ["yandex"] })).toHaveLength(1);
    expect(() => manifestTargets({ os: "linux", scope: "user", home: HOME, browsers: ["chrome-canary"] })).toThrow(
      /no known user host manifest location for chrome-canary on linux/,
    );
    expect(hasLocation("chrome-canary", "darwin", "user")).toBe(true);
    expect(hasLocation("chrome-canary", "linux", "user")).toBe(false);
    expect(hasLocation("yandex", "darwin", "system")).toBe(false);
    expect(hasLocation("firefox", "win32", "system")).toBe(true);
    expect(hasLocation("chrome-beta", "win32", "user")).toBe(false);
  });
});
