import type { CertificateInfo } from "./types.ts";

const MS_PER_DAY = 86_400_000;

/**
 * Urgency bands in whole days left, used for colouring: ok at 30 days or more, soon from 8
 * to 29, urgent from 0 to 7, expired below 0. `soonBelow` is also the default warning
 * period of certificateStatus, so "expiring" and "soon or urgent" always agree.
 */
export const URGENCY_DAYS = { soonBelow: 30, urgentBelow: 8 } as const;

export type CertificateStatus = "valid" | "expiring" | "expired" | "notYetValid";
export type Urgency = "ok" | "soon" | "urgent" | "expired";

/**
 * - daysLeft = floor((notAfter − now) / 24 h): 0 during the last 24 hours, negative once
 *   expired (−1 during the first day after).
 * - notYetValid: now < notBefore.
 * - expired: now > notAfter (notAfter itself is still inside the validity period, RFC 5280),
 *   which is exactly daysLeft < 0.
 * - expiring: otherwise, when daysLeft < warnDays (default 30).
 * - valid: otherwise.
 */
export function certificateStatus(
  info: Pick<CertificateInfo, "notBefore" | "notAfter">,
  opts: { now: Date; warnDays?: number | undefined },
): { status: CertificateStatus; daysLeft: number } {
  const now = opts.now.getTime();
  const daysLeft = Math.floor((info.notAfter.getTime() - now) / MS_PER_DAY);
  const warnDays = opts.warnDays ?? URGENCY_DAYS.soonBelow;
  if (now < info.notBefore.getTime()) return { status: "notYetValid", daysLeft };
  if (now > info.notAfter.getTime()) return { status: "expired", daysLeft };
  return { status: daysLeft < warnDays ? "expiring" : "valid", daysLeft };
}

export function urgencyOf(daysLeft: number): Urgency {
  if (daysLeft < 0) return "expired";
  if (daysLeft < URGENCY_DAYS.urgentBelow) return "urgent";
  if (daysLeft < URGENCY_DAYS.soonBelow) return "soon";
  return "ok";
}
