import browser from "webextension-polyfill";
import type { Settings } from "../storage/settings.ts";

interface LocaleMessage {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

/**
 * browser.i18n always follows the browser's language and cannot be told otherwise. When the
 * user forced a language in the options, this page's browser.i18n is pointed at that
 * language's _locales file, so every text (ours, dates, the shared error table) follows.
 */
export async function applyLanguage(language: Settings["language"]): Promise<void> {
  const browserLanguage = browser.i18n.getUILanguage();
  if (language === "auto" || browserLanguage.toLowerCase().startsWith(language)) {
    // Each call of the browser's getUILanguage costs about 70 µs and a render of 48
    // certificates asks some 200 times (dates, plurals); the answer holds for the page's life.
    browser.i18n.getUILanguage = () => browserLanguage;
    return;
  }
  const response = await fetch(browser.runtime.getURL(`_locales/${language}/messages.json`));
  const messages = (await response.json()) as Record<string, LocaleMessage>;
  const browserMessage = browser.i18n.getMessage.bind(browser.i18n);
  browser.i18n.getUILanguage = () => language;
  browser.i18n.getMessage = ((key: string, substitutions?: string | string[]) => {
    const entry = messages[key];
    if (!entry) return browserMessage(key, substitutions);
    const subs = typeof substitutions === "string" ? [substitutions] : (substitutions ?? []);
    // The browser's rules: $name$ → the placeholder's content → $1..$9 substitutions.
    return entry.message.replace(/\$(\w+)\$/g, (_, name: string) =>
      (entry.placeholders?.[name.toLowerCase()]?.content ?? "").replace(/\$(\d)/g, (_m, n: string) => subs[Number(n) - 1] ?? ""),
    );
  }) as typeof browser.i18n.getMessage;
  document.documentElement.lang = language;
}
