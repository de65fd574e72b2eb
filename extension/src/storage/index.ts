export { journalAppend, journalGet, journalList, revokedThumbprints, type JournalFields } from "./journal.ts";
export type { BackupRecord, JournalRecord, JournalStatus, JournalStep, NotificationSent, SeenCertificate } from "./schema.ts";
