import { t, uiLang, type MessageKey } from "./i18n.ts";

export function formatDate(date: Date): string {
  return date.toLocaleDateString(uiLang() === "ru" ? "ru-RU" : "en-GB", { day: "2-digit", month: "2-digit", year: "numeric" });
}

/** Russian counts take one of three forms: 1 день, 2 дня, 5 дней; English needs two. */
function pluralForm(n: number): "One" | "Few" | "Many" {
  const abs = Math.abs(n);
  if (uiLang() === "en") return abs === 1 ? "One" : "Many";
  const mod10 = abs % 10;
  const mod100 = abs % 100;
  if (mod10 === 1 && mod100 !== 11) return "One";
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return "Few";
  return "Many";
}

export function daysLeftText(daysLeft: number): string {
  if (daysLeft === 0) return t("lastDay");
  if (daysLeft > 0) return t(`daysLeft${pluralForm(daysLeft)}` as MessageKey, daysLeft);
  const ago = -daysLeft;
  return t("expiredAgo", t(`days${pluralForm(ago)}` as MessageKey, ago));
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KiB`;
}
