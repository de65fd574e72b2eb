import type { DBSchema } from "idb";

/** A certificate the extension has seen on some token; kept after the token is pulled out. */
export interface SeenCertificate {
  thumbprint: string;
  tokenSerial: string;
  owner: string;
  /** Milliseconds since the epoch. */
  notAfter: number;
  /** When an overview last listed it (ms). */
  lastSeen: number;
}

/** One expiry notification shown: `threshold` is the day count it was for. */
export interface NotificationSent {
  thumbprint: string;
  threshold: number;
  sentAt: number;
}

/** A certificate's DER taken just before cleanup deleted it, so it can be restored. */
export interface BackupRecord {
  thumbprint: string;
  /** DER, base64. */
  der: string;
  tokenSerial: string;
  deletedAt: number;
  label: string;
  /** CKA_ID of the key pair the certificate belonged to: cleanup then knows that key lost its certificate. */
  keyId?: string;
}

export interface JournalStep {
  step: string;
  at: number;
  detail?: string;
}

export type JournalStatus = "inProgress" | "done" | "failed" | "abandoned";

/** One run of the reissue assistant, step by step. */
export interface JournalRecord {
  id: string;
  startedAt: number;
  steps: JournalStep[];
  /** The PKCS#10 request sent to the CA (PEM). */
  requestCsr?: string;
  newThumbprint?: string;
  /** The old certificate the CA revoked when it issued the new one. */
  revokedThumbprint?: string;
  status: JournalStatus;
}

/**
 * A CA certificate the user added in the options page. Pages of the tax service look in the
 * plug-in's "Root" store for the FNS and Минцифры CA certificates; without CryptoPro there is
 * no system store to read, so this is that store.
 */
export interface TrustedRoot {
  /** SHA-1 of the DER, uppercase hex. */
  thumbprint: string;
  /** DER, base64. */
  der: string;
  /** The subject as a user recognises it (CN, else O). */
  name: string;
  notAfter: number;
  addedAt: number;
}

/** The current (newest) database layout; migrations.ts builds it from any older one. */
export interface KepDb extends DBSchema {
  certificatesSeen: { key: string; value: SeenCertificate; indexes: { byTokenSerial: string } };
  notificationsSent: { key: [string, number]; value: NotificationSent };
  backups: { key: string; value: BackupRecord; indexes: { byTokenSerial: string } };
  journal: { key: string; value: JournalRecord; indexes: { byStartedAt: number } };
  trustedRoots: { key: string; value: TrustedRoot };
}
