import type { ErrorInfo } from "../../../shared/protocol/index.ts";

/** What the confirmation window shows: who asks, to do what, with which certificate and data. */
export interface ConsentDetails {
  id: string;
  origin: string;
  operation: "sign" | "generateKey" | "installCertificate";
  token: { label: string; serial: string; model: string };
  certificate?: { owner: string; issuer: string; notAfter: string; thumbprint: string };
  document?: {
    size: number;
    /** Hex digest of what is signed, in the key's hash (Streebog for GOST). */
    digest: string;
    /** The beginning of the document when it is text. */
    preview?: string;
    /** A digest signed as such (SignHash): the page computed it, there is no document to show. */
    digestOnly?: boolean;
  };
  /** The token is not logged in: the PIN is typed in this window. */
  needsPin: boolean;
  /** Signing may be remembered for the rest of the tab's session. */
  allowRemember: boolean;
  /** The last attempt's failure (wrong PIN…), shown for a retry. */
  error?: ErrorInfo;
}

export interface ConsentDecision {
  id: string;
  approved: boolean;
  pin?: string | undefined;
  remember?: boolean | undefined;
}
