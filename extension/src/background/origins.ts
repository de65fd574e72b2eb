/**
 * Sites allowed to use the page API: the FNS personal cabinets, where the reissue happens.
 * The list changes when the tax service moves its cabinets, so it lives here alone; the
 * manifest's content-script matches are built from it.
 */
import { GOST_CABINETS } from "../../../shared/gost-cabinets.ts";

export const DEFAULT_ALLOWED_ORIGINS: readonly string[] = [
  // LK IP, where the reissue wizard lives (seeds: FNS, Kontur).
  "https://lkip2.nalog.ru",
  // The cabinets reached only over GOST TLS, which kep-bridge's gateway serves (LK IP's
  // certificate sign-in, LK UL): one table shared with the host.
  ...GOST_CABINETS.map((cabinet) => `https://${cabinet.host}`),
];

export function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function isAllowedOrigin(origin: string | null, extra: readonly string[] = []): boolean {
  return origin !== null && (DEFAULT_ALLOWED_ORIGINS.includes(origin) || extra.includes(origin));
}
