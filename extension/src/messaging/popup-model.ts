import type { CertificateKeyAlgorithm } from "../../../shared/algorithms/registry.ts";
import type { CertificateObject, DeleteItem, ErrorInfo, KeyPair, ModuleStatus, ResultOf, TokenInfo, UnusableSlot } from "../../../shared/protocol/index.ts";
import type { IssuerSignTool, NameInfo } from "../../../shared/x509/index.ts";
import type { BackupRecord } from "../storage/schema.ts";

/**
 * What the popup renders, prepared by the background worker: certificates come parsed, so
 * the popup ships without the ASN.1 parser and renders from plain data. Dates are epoch ms
 * because the message channel carries JSON.
 */
export interface NamedOid {
  oid: string;
  name: string | null;
}

export interface CertificateDetails {
  owner: string;
  subject: NameInfo;
  issuer: NameInfo;
  issuerName: string;
  isFnsIssuer: boolean;
  serialNumber: string;
  notBefore: number;
  notAfter: number;
  keyAlgorithm: CertificateKeyAlgorithm;
  paramSet: string | null;
  paramSetName: string | null;
  signatureAlgorithm: string;
  keyUsage: string[];
  extendedKeyUsage: NamedOid[];
  policies: NamedOid[];
  protectionClass: string | null;
  subjectSignTool: string | null;
  issuerSignTool: IssuerSignTool | null;
}

export interface CertificateEntry {
  thumbprint: string;
  id: string;
  label: string;
  /** DER, base64: exported as .cer as is. */
  der: string;
  key: CertificateObject["key"];
  /** null: the object's value is not a certificate we can read. */
  details: CertificateDetails | null;
}

export interface TokenEntry {
  token: TokenInfo;
  loggedIn: boolean;
  certificates: CertificateEntry[];
  keys: KeyPair[];
  error?: ErrorInfo;
}

/** A backup as stored, with what the popup shows of its certificate. */
export type BackupSummary = BackupRecord & { owner: string | null; notAfter: number | null };

export interface PopupModel {
  host: ResultOf<"handshake">["host"];
  modules: ModuleStatus[];
  tokens: TokenEntry[];
  /** Slots whose token is not initialised or does not answer: shown as such, beside the others. */
  unusable: UnusableSlot[];
  warnDays: number;
  /** Thumbprints the reissue journal records as revoked by the site: reported, not verified by kep-bridge. */
  revoked: string[];
  /** Thumbprints the CA's own CRL lists as revoked, when the user checked them; absent in a model cached before. */
  caRevoked?: string[];
  backups: BackupSummary[];
  /** The latest reissue runs from the journal, newest first. */
  journal: JournalRun[];
}

export interface JournalRun {
  id: string;
  startedAt: number;
  status: "inProgress" | "done" | "failed" | "abandoned";
  /** The furthest assistant step (1–5) the run reached. */
  step: number;
  lastAt: number;
  newThumbprint: string | null;
  revokedThumbprint: string | null;
}

export interface CleanupReport {
  deleted: DeleteItem[];
  notDeleted: { item: DeleteItem; error: ErrorInfo }[];
  /** Thumbprints whose DER is now in the backup store. */
  backedUp: string[];
}
