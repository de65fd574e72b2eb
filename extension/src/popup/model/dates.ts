import { uiLang } from "../../ui/i18n.ts";

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * dd.mm.yyyy in the UI language, like ui/format.ts's formatDate, but with one Intl
 * formatter per language: toLocaleDateString builds a new one per call, which costs
 * ~0.4 ms each, and the popup prints a hundred dates.
 */
export function formatDay(ms: number): string {
  const lang = uiLang();
  let formatter = formatters.get(lang);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(lang === "ru" ? "ru-RU" : "en-GB", { day: "2-digit", month: "2-digit", year: "numeric" });
    formatters.set(lang, formatter);
  }
  return formatter.format(ms);
}
