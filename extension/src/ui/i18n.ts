import browser from "webextension-polyfill";
import type { Lang } from "../../../shared/protocol/index.ts";
import type ruMessages from "../../public/_locales/ru/messages.json";

export type MessageKey = keyof typeof ruMessages;

/** Stand-ins for $1..$9: private-use characters, which no message contains. */
const MARKERS = Array.from({ length: 9 }, (_, i) => String.fromCharCode(0xe000 + i));
const MARKER = /[\ue000-\ue008]/g;

let source: typeof browser.i18n.getMessage | undefined;
const templates = new Map<string, string>();

/**
 * UI text comes from _locales through browser.i18n, so the browser's language picks it. Each
 * message is asked for once, with markers for its substitutions, which are filled in here: a
 * call with substitutions costs some 40–90 µs in the browser's bindings while a page's code is
 * cold, and the popup's first render asks about 150 of them. The templates belong to one
 * getMessage, so a page that points browser.i18n at another language starts afresh.
 */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  if (source !== browser.i18n.getMessage) {
    source = browser.i18n.getMessage;
    templates.clear();
  }
  let template = templates.get(key);
  if (template === undefined) {
    template = browser.i18n.getMessage(key, MARKERS) || key;
    templates.set(key, template);
  }
  return template.replace(MARKER, (marker) => String(substitutions[marker.charCodeAt(0) - 0xe000] ?? ""));
}

/** Language for texts built outside _locales (the shared error table, dates). */
export function uiLang(): Lang {
  return browser.i18n.getUILanguage().toLowerCase().startsWith("en") ? "en" : "ru";
}
