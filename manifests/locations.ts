import { posix, win32 } from "node:path";
import { HOST_NAME, MANIFEST_FILE_NAME } from "./host-manifest.ts";
import type { ExtensionFamily } from "./trusted-extensions.ts";

export type OsId = "linux" | "darwin" | "win32";
export type Scope = "user" | "system";

export const BROWSER_IDS = [
  "chrome",
  "chrome-beta",
  "chrome-dev",
  "chrome-canary",
  "chromium",
  "yandex",
  "yandex-beta",
  "edge",
  "brave",
  "vivaldi",
  "firefox",
] as const;
export type BrowserId = (typeof BROWSER_IDS)[number];

export function isBrowserId(value: string): value is BrowserId {
  return (BROWSER_IDS as readonly string[]).includes(value);
}

interface PosixDirs {
  /** `~/`-relative; Chromium reads `<user-data-dir>/NativeMessagingHosts`, Firefox its own dir. */
  readonly user?: string;
  /** Several entries when distributions disagree (Firefox: lib vs lib64). */
  readonly system?: readonly string[];
}

interface BrowserLocations {
  readonly id: BrowserId;
  readonly label: string;
  readonly family: ExtensionFamily;
  readonly linux?: PosixDirs;
  readonly darwin?: PosixDirs;
  /** Key under HKCU (user) or HKLM (system) whose subkey `<host name>` points at the JSON. */
  readonly win32?: string;
}

const MAC = "~/Library/Application Support";

/**
 * Where each browser looks for host manifests. Sources: Chrome, Edge and MDN native
 * messaging docs for Chrome/Chromium/Edge/Firefox; for Yandex, Brave and Vivaldi system
 * dirs there is no vendor page, so these follow established installers (CryptoPro nmcades
 * packaging for Yandex, browserpass-native for Brave/Vivaldi). Chrome's beta/dev/canary
 * channels share Chrome's system dir and registry key, so they only have user dirs.
 * A browser absent from an OS/scope has no known location there and is skipped.
 */
export const BROWSER_LOCATIONS: readonly BrowserLocations[] = [
  {
    id: "chrome",
    label: "Google Chrome",
    family: "chromium",
    linux: {
      user: "~/.config/google-chrome/NativeMessagingHosts",
      system: ["/etc/opt/chrome/native-messaging-hosts"],
    },
    darwin: {
      user: `${MAC}/Google/Chrome/NativeMessagingHosts`,
      system: ["/Library/Google/Chrome/NativeMessagingHosts"],
    },
    win32: "Software\\Google\\Chrome\\NativeMessagingHosts",
  },
  {
    id: "chrome-beta",
    label: "Google Chrome Beta",
    family: "chromium",
    linux: { user: "~/.config/google-chrome-beta/NativeMessagingHosts" },
    darwin: { user: `${MAC}/Google/Chrome Beta/NativeMessagingHosts` },
  },
  {
    id: "chrome-dev",
    label: "Google Chrome Dev",
    family: "chromium",
    linux: { user: "~/.config/google-chrome-unstable/NativeMessagingHosts" },
    darwin: { user: `${MAC}/Google/Chrome Dev/NativeMessagingHosts` },
  },
  {
    id: "chrome-canary",
    label: "Google Chrome Canary",
    family: "chromium",
    darwin: { user: `${MAC}/Google/Chrome Canary/NativeMessagingHosts` },
  },
  {
    id: "chromium",
    label: "Chromium",
    family: "chromium",
    linux: {
      user: "~/.config/chromium/NativeMessagingHosts",
      system: ["/etc/chromium/native-messaging-hosts"],
    },
    darwin: {
      user: `${MAC}/Chromium/NativeMessagingHosts`,
      system: ["/Library/Application Support/Chromium/NativeMessagingHosts"],
    },
    win32: "Software\\Chromium\\NativeMessagingHosts",
  },
  {
    id: "yandex",
    label: "Яндекс Браузер / Yandex Browser",
    family: "chromium",
    linux: {
      user: "~/.config/yandex-browser/NativeMessagingHosts",
      system: ["/etc/opt/yandex/browser/native-messaging-hosts"],
    },
    darwin: { user: `${MAC}/Yandex/YandexBrowser/NativeMessagingHosts` },
    win32: "Software\\Yandex\\YandexBrowser\\NativeMessagingHosts",
  },
  {
    id: "yandex-beta",
    label: "Яндекс Браузер бета / Yandex Browser Beta",
    family: "chromium",
    linux: {
      user: "~/.config/yandex-browser-beta/NativeMessagingHosts",
      system: ["/etc/opt/yandex/browser-beta/native-messaging-hosts"],
    },
  },
  {
    id: "edge",
    label: "Microsoft Edge",
    family: "chromium",
    linux: {
      user: "~/.config/microsoft-edge/NativeMessagingHosts",
      system: ["/etc/opt/edge/native-messaging-hosts"],
    },
    darwin: {
      user: `${MAC}/Microsoft Edge/NativeMessagingHosts`,
      system: ["/Library/Microsoft/Edge/NativeMessagingHosts"],
    },
    win32: "Software\\Microsoft\\Edge\\NativeMessagingHosts",
  },
  {
    id: "brave",
    label: "Brave",
    family: "chromium",
    linux: {
      user: "~/.config/BraveSoftware/Brave-Browser/NativeMessagingHosts",
      // brave-core does not override Chromium's DIR_NATIVE_MESSAGING (its chromium_src
      // chrome_paths*.cc only move the profile), so an unbranded build also reads Chromium's
      // /etc/chromium dir; these two are where Brave-aware packages (1Password,
      // browserpass-native) put theirs.
      system: ["/etc/opt/brave.com/brave/native-messaging-hosts", "/etc/opt/brave/native-messaging-hosts"],
    },
    darwin: {
      user: `${MAC}/BraveSoftware/Brave-Browser/NativeMessagingHosts`,
      system: ["/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts"],
    },
    win32: "Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts",
  },
  {
    id: "vivaldi",
    label: "Vivaldi",
    family: "chromium",
    linux: {
      user: "~/.config/vivaldi/NativeMessagingHosts",
      system: ["/etc/opt/vivaldi/native-messaging-hosts"],
    },
    darwin: {
      user: `${MAC}/Vivaldi/NativeMessagingHosts`,
      system: ["/Library/Application Support/Vivaldi/NativeMessagingHosts"],
    },
    win32: "Software\\Vivaldi\\NativeMessagingHosts",
  },
  {
    id: "firefox",
    label: "Firefox",
    family: "firefox",
    linux: {
      user: "~/.mozilla/native-messaging-hosts",
      system: ["/usr/lib/mozilla/native-messaging-hosts", "/usr/lib64/mozilla/native-messaging-hosts"],
    },
    darwin: {
      user: `${MAC}/Mozilla/NativeMessagingHosts`,
      system: ["/Library/Application Support/Mozilla/NativeMessagingHosts"],
    },
    win32: "Software\\Mozilla\\NativeMessagingHosts",
  },
];

export interface TargetQuery {
  readonly os: OsId;
  readonly scope: Scope;
  /** Expands `~` (and, on Windows, locates the default data dir), so tests can pass a fake one. */
  readonly home: string;
  /** Default: every browser with a known location for this OS and scope. */
  readonly browsers?: readonly BrowserId[];
  /**
   * Windows only: the directory under which our manifest JSON files are kept (the registry
   * just points at them). Default: `<home>\AppData\Local` for user scope, `C:\ProgramData`
   * for system scope; the CLI passes %LOCALAPPDATA% / %ProgramData% instead.
   */
  readonly windowsDataDir?: string;
}

export interface ManifestTarget {
  readonly browser: BrowserId;
  readonly scope: Scope;
  readonly label: string;
  readonly family: ExtensionFamily;
  /** Absolute path of the host manifest JSON. */
  readonly file: string;
  /**
   * User scope on Linux/macOS: the browser's own config dir; it exists once the browser has
   * run, so it tells whether the browser is present (checked before anything is created).
   */
  readonly presenceDir?: string;
  /** Windows: the full key (hive included) whose default value must be `file`. */
  readonly registryKey?: string;
}

/** Whether the table knows where `browser` reads host manifests on this OS and scope. */
export function hasLocation(browser: BrowserId, os: OsId, scope: Scope): boolean {
  const row = BROWSER_LOCATIONS.find((candidate) => candidate.id === browser);
  if (row === undefined) return false;
  if (os === "win32") return row.win32 !== undefined;
  const dirs = os === "linux" ? row.linux : row.darwin;
  return scope === "user" ? dirs?.user !== undefined : (dirs?.system ?? []).length > 0;
}

export function manifestTargets(query: TargetQuery): ManifestTarget[] {
  const wanted = query.browsers ?? BROWSER_IDS;
  const rows = BROWSER_LOCATIONS.filter((row) => wanted.includes(row.id));
  const targets: ManifestTarget[] = [];
  for (const row of rows) {
    const found = query.os === "win32" ? windowsTargets(row, query) : posixTargets(row, query);
    // An explicitly named browser without a location is a user mistake worth reporting;
    // the default "all browsers" simply skips such rows.
    if (found.length === 0 && query.browsers !== undefined) {
      throw new Error(`no known ${query.scope} host manifest location for ${row.id} on ${query.os}`);
    }
    targets.push(...found);
  }
  return targets;
}

function posixTargets(row: BrowserLocations, query: TargetQuery): ManifestTarget[] {
  const dirs = query.os === "linux" ? row.linux : row.darwin;
  const common = { browser: row.id, scope: query.scope, label: row.label, family: row.family };
  if (query.scope === "system") {
    return (dirs?.system ?? []).map((dir) => ({ ...common, file: posix.join(dir, MANIFEST_FILE_NAME) }));
  }
  if (dirs?.user === undefined) return [];
  const dir = posix.join(query.home, dirs.user.slice("~/".length));
  return [{ ...common, file: posix.join(dir, MANIFEST_FILE_NAME), presenceDir: posix.dirname(dir) }];
}

function windowsTargets(row: BrowserLocations, query: TargetQuery): ManifestTarget[] {
  if (row.win32 === undefined) return [];
  const user = query.scope === "user";
  const dataDir = query.windowsDataDir ?? (user ? win32.join(query.home, "AppData", "Local") : "C:\\ProgramData");
  const hive = user ? "HKEY_CURRENT_USER" : "HKEY_LOCAL_MACHINE";
  return [
    {
      browser: row.id,
      scope: query.scope,
      label: row.label,
      family: row.family,
      // One file per browser, like on Linux/macOS, so uninstalling one browser leaves the rest.
      file: win32.join(dataDir, "kep-bridge", "NativeMessagingHosts", row.id, MANIFEST_FILE_NAME),
      registryKey: `${hive}\\${row.win32}\\${HOST_NAME}`,
    },
  ];
}
