import browser from "webextension-polyfill";
import type { Lang } from "../../../shared/protocol/index.ts";
import type ruMessages from "../../public/_locales/ru/messages.json";

export type MessageKey = keyof typeof ruMessages;

/** UI text comes from _locales through browser.i18n, so the browser's language picks it. */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  return browser.i18n.getMessage(key, substitutions.map(String)) || key;
}

/** Language for texts built outside _locales (the shared error table, dates). */
export function uiLang(): Lang {
  return browser.i18n.getUILanguage().toLowerCase().startsWith("en") ? "en" : "ru";
}
