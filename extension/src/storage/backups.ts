import { kepDb } from "./db.ts";
import type { BackupRecord } from "./schema.ts";

export async function putBackups(records: BackupRecord[]): Promise<void> {
  const db = await kepDb();
  const tx = db.transaction("backups", "readwrite");
  await Promise.all([...records.map((r) => tx.store.put(r)), tx.done]);
}

/** Newest deletion first. */
export async function listBackups(): Promise<BackupRecord[]> {
  return (await (await kepDb()).getAll("backups")).sort((a, b) => b.deletedAt - a.deletedAt);
}

export async function getBackup(thumbprint: string): Promise<BackupRecord | undefined> {
  return (await kepDb()).get("backups", thumbprint);
}

export async function deleteBackups(thumbprints: string[]): Promise<void> {
  const db = await kepDb();
  const tx = db.transaction("backups", "readwrite");
  await Promise.all([...thumbprints.map((t) => tx.store.delete(t)), tx.done]);
}
