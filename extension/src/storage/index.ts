export { journalAppendToOpenRun, journalGet, journalList, revokedThumbprints, type JournalFields } from "./journal.ts";
export { addTrustedRoot, listTrustedRoots, removeTrustedRoot } from "./roots.ts";
export type { BackupRecord, JournalRecord, JournalStatus, JournalStep, NotificationSent, SeenCertificate, TrustedRoot } from "./schema.ts";
