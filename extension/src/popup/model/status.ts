import type { KeyPair } from "../../../../shared/protocol/index.ts";
import { urgencyOf, type Urgency } from "../../../../shared/x509/status.ts";
import type { CertificateEntry } from "../../messaging/popup-model.ts";

const DAY = 86_400_000;

/**
 * "revoked": the CA's own CRL, verified by the host, lists this certificate. "reportedRevoked":
 * the tax service's wizard said it revoked this certificate (the reissue journal), which is
 * page text, not the CA's word. In both the dates still count: such a certificate is in force
 * for cleanup, offered only behind the in-force warning and never pre-ticked.
 */
export type Status = "valid" | "expiring" | "expired" | "notYetValid" | "noKey" | "revoked" | "reportedRevoked" | "unreadable";
export type KeyState = "present" | "publicOnly" | "missing";

export interface CertificateView {
  entry: CertificateEntry;
  status: Status;
  /** null for an unreadable object. */
  daysLeft: number | null;
  /** Colour band: the shared urgency bands plus "future" for not-yet-valid. */
  urgency: Urgency | "future" | null;
  key: KeyState;
}

export interface StatusContext {
  now: number;
  /** Expiring at this many days left or fewer. */
  warnDays: number;
  /** Thumbprints the journal records as revoked by the site: reported, not verified. */
  reportedRevoked: ReadonlySet<string>;
  /** Thumbprints the CA's CRL lists as revoked (the host verified the CRL). */
  caRevoked: ReadonlySet<string>;
  keys: KeyPair[];
}

function keyState(entry: CertificateEntry, keys: KeyPair[]): KeyState {
  if (!entry.key) return "missing";
  const pair = keys.find((k) => k.id === entry.key?.id);
  // Before login private keys are hidden; a paired public key is the token's own claim of the pair.
  return pair?.hasPrivateKey === false ? "publicOnly" : "present";
}

/**
 * One status per certificate, the most important first: expired certificates cannot sign
 * whatever else is true; a revocation the site reported is shown as such while the dates
 * say the certificate is valid; "no key" matters only for an otherwise usable one.
 */
export function certificateView(entry: CertificateEntry, ctx: StatusContext): CertificateView {
  const key = keyState(entry, ctx.keys);
  const d = entry.details;
  if (!d) return { entry, status: "unreadable", daysLeft: null, urgency: null, key };
  const daysLeft = Math.floor((d.notAfter - ctx.now) / DAY);
  const future = ctx.now < d.notBefore;
  const urgency = future ? "future" : urgencyOf(daysLeft);
  const status: Status =
    ctx.now > d.notAfter
      ? "expired"
      : ctx.caRevoked.has(entry.thumbprint)
        ? "revoked"
        : ctx.reportedRevoked.has(entry.thumbprint)
          ? "reportedRevoked"
          : future
            ? "notYetValid"
            : key === "missing"
              ? "noKey"
              : daysLeft <= ctx.warnDays
                ? "expiring"
                : "valid";
  return { entry, status, daysLeft, urgency, key };
}

/** Within its validity period: what cleanup must protect, whatever a site says about it. */
export const isInForce = (view: CertificateView) => view.status !== "expired" && view.status !== "unreadable";
