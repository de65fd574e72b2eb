import type { Lang } from "../../../shared/protocol/index.ts";

/** Russian unless the terminal's locale asks for English: our users are Russian first. */
export function cliLang(env = process.env): Lang {
  const locale = env.KEP_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? "";
  return /^en/i.test(locale) ? "en" : "ru";
}

export function pick(lang: Lang, ru: string, en: string): string {
  return lang === "ru" ? ru : en;
}
