import browser from "webextension-polyfill";
/** User settings, in storage.local so every extension page and the worker see changes at once. */
export interface Settings {
  /** A certificate with this many days left or fewer counts as expiring. */
  warnDays: number;
  /** Days-left marks at which a notification is shown, once each per certificate. */
  notifyDays: number[];
  /** "auto" follows the browser's language. */
  language: "auto" | "ru" | "en";
  /** PKCS#11 libraries the user added by path. */
  customModules: string[];
}

export const DEFAULT_SETTINGS: Settings = {
  warnDays: 60,
  notifyDays: [60, 30, 14, 7, 1],
  language: "auto",
  customModules: [],
};

const KEY = "settings";

export async function loadSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(KEY))[KEY] as Partial<Settings> | undefined;
  return { ...DEFAULT_SETTINGS, ...stored };
}

export async function saveSettings(settings: Settings): Promise<void> {
  await browser.storage.local.set({ [KEY]: settings });
}

export function onSettingsChanged(listener: (settings: Settings) => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && KEY in changes) listener({ ...DEFAULT_SETTINGS, ...(changes[KEY]?.newValue as Partial<Settings>) });
  });
}
