import { kepDb } from "./db.ts";
import type { JournalRecord, JournalStatus } from "./schema.ts";

export type JournalFields = Partial<Pick<JournalRecord, "requestCsr" | "newThumbprint" | "revokedThumbprint" | "status">>;

/**
 * Adds a step to the open reissue run (status inProgress), or to a new run when none is
 * open; `fields` set or replace the run's other fields. The open run is looked up inside
 * the same readwrite transaction as the write: IndexedDB runs overlapping readwrite
 * transactions on a store one after another, so concurrent steps can never each see "no
 * open run" and fork the history.
 */
export async function journalAppendToOpenRun(step: { step: string; detail?: string }, fields: JournalFields = {}): Promise<JournalRecord> {
  const db = await kepDb();
  const tx = db.transaction("journal", "readwrite");
  const now = Date.now();
  let open: JournalRecord | undefined;
  for (let cursor = await tx.store.index("byStartedAt").openCursor(null, "prev"); cursor; cursor = await cursor.continue()) {
    if (cursor.value.status === "inProgress") {
      open = cursor.value;
      break;
    }
  }
  const record: JournalRecord = {
    ...(open ?? { id: crypto.randomUUID(), startedAt: now, steps: [], status: "inProgress" as JournalStatus }),
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
