import { kepDb } from "./db.ts";
import type { JournalRecord, JournalStatus } from "./schema.ts";

export type JournalFields = Partial<Pick<JournalRecord, "requestCsr" | "newThumbprint" | "revokedThumbprint" | "status">>;

/**
 * Adds a step to reissue run `id`, creating the run (status inProgress) on its first step;
 * `fields` set or replace the run's other fields in the same transaction.
 */
export async function journalAppend(id: string, step: { step: string; detail?: string }, fields: JournalFields = {}): Promise<JournalRecord> {
  const db = await kepDb();
  const tx = db.transaction("journal", "readwrite");
  const now = Date.now();
  const existing = await tx.store.get(id);
  const record: JournalRecord = {
    ...(existing ?? { id, startedAt: now, steps: [], status: "inProgress" as JournalStatus }),
    ...fields,
  };
  record.steps = [...record.steps, { ...step, at: now }];
  await tx.store.put(record);
  await tx.done;
  return record;
}

/** Every run, newest first. */
export async function journalList(): Promise<JournalRecord[]> {
  const db = await kepDb();
  return (await db.getAllFromIndex("journal", "byStartedAt")).reverse();
}

export async function journalGet(id: string): Promise<JournalRecord | undefined> {
  return (await kepDb()).get("journal", id);
}

/** Thumbprints the journal records as revoked by the CA: the popup marks them. */
export async function revokedThumbprints(): Promise<string[]> {
  return (await journalList()).flatMap((run) => (run.revokedThumbprint ? [run.revokedThumbprint] : []));
}
