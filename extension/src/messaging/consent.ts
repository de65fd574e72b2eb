import type { ErrorInfo } from "../../../shared/protocol/index.ts";

/** A text document's beginning, as much as the window carries, and how long the whole is. */
export interface DocumentPreview {
  text: string;
  shownChars: number;
  totalChars: number;
}

/**
 * What the confirmation window shows: who asks, to do what, with which certificate and
 * data. Every field comes from the browser, the token or the document's bytes; nothing
 * here is text the page chose to describe itself. The window always asks for the PIN: an
 * approval is the PIN typed there, never a login left from before.
 */
export interface ConsentDetails {
  id: string;
  origin: string;
  /** signHash: a bare signature over a digest the page chose (RawSignature.SignHash), not a CMS of a document. */
  operation: "sign" | "signHash" | "generateKey" | "installCertificate" | "createRequest" | "signIn";
  token: { label: string; serial: string; model: string };
  certificate?: { owner: string; issuer: string; notAfter: string; thumbprint: string };
  document?: {
    size: number;
    /** Hex digest of what is signed, in the key's hash (Streebog for GOST). */
    digest: string;
    /** The document's text; absent for a binary document or a bare digest. */
    preview?: DocumentPreview;
    /** A digest signed as such (SignHash): the page computed it, there is no document to show. */
    digestOnly?: boolean;
  };
  /** The subject of the certificate request a new key will sign, as "field: value" pairs. */
  subject?: [field: string, value: string][];
  /**
   * The connection is GOST TLS through kep-bridge's gateway: a certificate sign-in to a GOST cabinet
   * (`expiresInDays` when the certificate expires soon), or an operation a page of the running
   * gateway's origin asked for (`signedInWith`: the certificate the session signed in with). The
   * background sets it from the session it started and the origin the browser reported.
   */
  gateway?: { expiresInDays?: number; signedInWith?: { owner: string; thumbprint: string } };
  /** The last attempt's failure (wrong PIN…), shown for a retry. */
  error?: ErrorInfo;
}

export interface ConsentDecision {
  id: string;
  approved: boolean;
  pin?: string | undefined;
}
