import type { IDBPDatabase, IDBPTransaction, StoreNames } from "idb";
import type { KepDb } from "./schema.ts";

type UpgradeTx = IDBPTransaction<KepDb, StoreNames<KepDb>[], "versionchange">;
// Migrations see the database as it was at their version, not as the current schema types say.
type Migration = (db: IDBPDatabase<KepDb>, tx: UpgradeTx) => Promise<void> | void;

/**
 * MIGRATIONS[n] turns a database of version n into version n + 1. Never edit a released
 * step: users' browsers hold databases of every past version; add a new step instead.
 */
const MIGRATIONS: readonly Migration[] = [
  // 0 → 1: the first release. certificatesSeen records had no lastSeen.
  (db) => {
    db.createObjectStore("certificatesSeen", { keyPath: "thumbprint" }).createIndex("byTokenSerial", "tokenSerial");
    db.createObjectStore("notificationsSent", { keyPath: ["thumbprint", "threshold"] });
    db.createObjectStore("backups", { keyPath: "thumbprint" }).createIndex("byTokenSerial", "tokenSerial");
  },
  // 1 → 2: the reissue journal, and lastSeen on seen certificates (the watch forgets
  // certificates of tokens that later showed them gone; old records count as seen now).
  async (db, tx) => {
    db.createObjectStore("journal", { keyPath: "id" }).createIndex("byStartedAt", "startedAt");
    const now = Date.now();
    let cursor = await tx.objectStore("certificatesSeen").openCursor();
    while (cursor) {
      if (typeof cursor.value.lastSeen !== "number") await cursor.update({ ...cursor.value, lastSeen: now });
      cursor = await cursor.continue();
    }
  },
  // 2 → 3: CA certificates the user trusts, for the page API's "Root" store.
  (db) => {
    db.createObjectStore("trustedRoots", { keyPath: "thumbprint" });
  },
];

export const DB_VERSION = MIGRATIONS.length;

/** The upgrade callback for openDB: runs every step between the stored and the current version. */
export async function migrate(db: IDBPDatabase<KepDb>, oldVersion: number, tx: UpgradeTx): Promise<void> {
  for (let version = oldVersion; version < MIGRATIONS.length; version++) await MIGRATIONS[version]!(db, tx);
}
