/**
 * Sites allowed to use the page API: the FNS personal cabinets, where the reissue happens.
 * The list changes when the tax service moves its cabinets, so it lives here alone; the
 * manifest's content-script matches are built from it.
 */
export const DEFAULT_ALLOWED_ORIGINS = [
  // LK IP and its GOST-TLS twin, where the reissue wizard lives (seeds: FNS, Kontur).
  "https://lkip2.nalog.ru",
  "https://lkipgost2.nalog.ru",
  // LK UL, the legal entities' cabinet, and its GOST twin.
  "https://lkul.nalog.ru",
  "https://lkulgost.nalog.ru",
] as const;

export function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function isAllowedOrigin(origin: string | null, extra: readonly string[] = []): boolean {
  return origin !== null && ((DEFAULT_ALLOWED_ORIGINS as readonly string[]).includes(origin) || extra.includes(origin));
}
