import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../fixtures/paths.ts";

interface Message {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

/**
 * chrome.i18n for component tests, reading the extension's real _locales files with the
 * browser's placeholder rules ($name$ → content → $1..$9), so a missing or misnamed key
 * shows up here as it would in the browser.
 */
export function installChromeI18n(lang: "ru" | "en"): void {
  const messages = JSON.parse(readFileSync(join(ROOT, `extension/public/_locales/${lang}/messages.json`), "utf8")) as Record<string, Message>;
  const getMessage = (key: string, substitutions: string[] = []) => {
    const entry = messages[key];
    if (!entry) return "";
    return entry.message.replace(/\$(\w+)\$/g, (_, name: string) => {
      const content = entry.placeholders?.[name.toLowerCase()]?.content ?? "";
      return content.replace(/\$(\d)/g, (_m, n: string) => substitutions[Number(n) - 1] ?? "");
    });
  };
  (globalThis as unknown as { chrome: unknown }).chrome = { i18n: { getMessage, getUILanguage: () => lang } };
}
