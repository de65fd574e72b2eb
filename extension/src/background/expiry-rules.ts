import type { NotificationSent, SeenCertificate } from "../storage/schema.ts";

const DAY = 86_400_000;

export interface Watched {
  thumbprint: string;
  owner: string;
  daysLeft: number;
}

export const daysLeftAt = (notAfter: number, now: number) => Math.floor((notAfter - now) / DAY);

/**
 * Certificates worth warning about: still valid and not replaced by a later certificate
 * of the same owner (once the new one is seen, the old one's expiry is moot). A revocation
 * a site reported silences nothing: it is page text, not the CA's word.
 */
export function watched(seen: SeenCertificate[], now: number): Watched[] {
  const latest = new Map<string, number>();
  for (const s of seen) latest.set(s.owner, Math.max(latest.get(s.owner) ?? 0, s.notAfter));
  return seen
    .filter((s) => s.notAfter >= now && latest.get(s.owner) === s.notAfter)
    .map((s) => ({ thumbprint: s.thumbprint, owner: s.owner, daysLeft: daysLeftAt(s.notAfter, now) }))
    .sort((a, b) => a.daysLeft - b.daysLeft);
}

/** The soonest-expiring certificate when it is within the warning period, else null. */
export function badgeCertificate(items: Watched[], warnDays: number): Watched | null {
  const first = items[0];
  return first && first.daysLeft <= warnDays ? first : null;
}

export interface Due {
  item: Watched;
  threshold: number;
  /** Every threshold the certificate has crossed: all are marked sent with this one. */
  crossed: number[];
}

/**
 * One notification per certificate for the nearest threshold it has crossed, unless that
 * one was already sent. A certificate first seen at 10 days gets the 14-day notice only,
 * not 60, 30 and 14 at once.
 */
export function dueNotifications(items: Watched[], sent: NotificationSent[], thresholds: number[]): Due[] {
  const done = new Set(sent.map((s) => `${s.thumbprint}:${s.threshold}`));
  return items.flatMap((item) => {
    const crossed = thresholds.filter((t) => item.daysLeft <= t).sort((a, b) => a - b);
    const threshold = crossed[0];
    if (threshold === undefined || done.has(`${item.thumbprint}:${threshold}`)) return [];
    return [{ item, threshold, crossed }];
  });
}
