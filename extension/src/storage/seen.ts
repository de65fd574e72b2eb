import { kepDb } from "./db.ts";
import type { NotificationSent, SeenCertificate } from "./schema.ts";

/**
 * Records what a token holds now. The token is the authority on its own contents: records
 * of this serial that it no longer lists (deleted, replaced) are dropped, so the watch does
 * not warn about certificates that are gone. Other tokens' records stay.
 */
export async function replaceSeenForToken(
  tokenSerial: string,
  certificates: Omit<SeenCertificate, "tokenSerial" | "lastSeen">[],
  now = Date.now(),
): Promise<void> {
  const db = await kepDb();
  const tx = db.transaction("certificatesSeen", "readwrite");
  const keep = new Set(certificates.map((c) => c.thumbprint));
  const previous = await tx.store.index("byTokenSerial").getAllKeys(tokenSerial);
  await Promise.all([
    ...previous.filter((t) => !keep.has(t)).map((t) => tx.store.delete(t)),
    ...certificates.map((c) => tx.store.put({ ...c, tokenSerial, lastSeen: now })),
    tx.done,
  ]);
}

export async function forgetSeen(thumbprints: string[]): Promise<void> {
  const db = await kepDb();
  const tx = db.transaction("certificatesSeen", "readwrite");
  await Promise.all([...thumbprints.map((t) => tx.store.delete(t)), tx.done]);
}

export async function listSeen(): Promise<SeenCertificate[]> {
  return (await kepDb()).getAll("certificatesSeen");
}

export async function sentNotifications(): Promise<NotificationSent[]> {
  return (await kepDb()).getAll("notificationsSent");
}

export async function markNotificationsSent(records: NotificationSent[]): Promise<void> {
  const db = await kepDb();
  const tx = db.transaction("notificationsSent", "readwrite");
  await Promise.all([...records.map((r) => tx.store.put(r)), tx.done]);
}
