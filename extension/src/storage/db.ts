import { openDB, type IDBPDatabase } from "idb";
import { DB_VERSION, migrate } from "./migrations.ts";
import type { KepDb } from "./schema.ts";

export const DB_NAME = "kep-bridge";

let opened: Promise<IDBPDatabase<KepDb>> | undefined;

/** One connection per page or worker, opened on first use and upgraded to the current version. */
export function kepDb(): Promise<IDBPDatabase<KepDb>> {
  opened ??= openDB<KepDb>(DB_NAME, DB_VERSION, {
    upgrade: (db, oldVersion, _newVersion, tx) => {
      // A failed step must not leave the database at the new version half migrated: the
      // upgrade is aborted, so opening fails and the next open runs the steps again.
      migrate(db, oldVersion, tx).catch(() => {
        try {
          tx.abort();
        } catch {
          // A failed request has already aborted it.
        }
      });
    },
    // Another page of a newer extension version wants to upgrade: let it, reopen on next use.
    blocking: () => closeKepDb(),
  });
  return opened;
}

export function closeKepDb(): void {
  const current = opened;
  opened = undefined;
  void current?.then((db) => db.close());
}
