import type { Revocation } from "../../../../shared/protocol/index.ts";
import { daysLeftText } from "../../ui/format.ts";
import { formatDay } from "../model/dates.ts";
import { t, type MessageKey } from "../../ui/i18n.ts";
import type { CertificateView, Status } from "../model/status.ts";
import { CertificateDetailsView } from "./CertificateDetails.tsx";

const KEY_TEXT = { present: "keyPresent", publicOnly: "keyPublicOnly", missing: "keyMissing" } as const;
export const STATUS_TEXT: Record<Status, MessageKey> = {
  valid: "statusValid",
  expiring: "statusExpiring",
  expired: "statusExpired",
  notYetValid: "statusNotYetValid",
  noKey: "statusNoKey",
  revoked: "statusRevoked",
  reportedRevoked: "statusReportedRevoked",
  unreadable: "statusUnreadable",
};

/**
 * One certificate of the listing. Its details toggle has no listener of its own: the token's
 * list handles every toggle's click (the card's data-thumbprint names it) and says which are open.
 */
export interface CertificateCardProps {
  view: CertificateView;
  /** The CA's CRL about this certificate, asked on the user's click in the details. */
  checkRevocation: () => Promise<Revocation>;
  open: boolean;
}

export function CertificateCard({ view, checkRevocation, open }: CertificateCardProps) {
  const { entry } = view;
  const d = entry.details;
  if (!d) {
    return (
      <li class="certificate certificate-unreadable status-unreadable" data-thumbprint={entry.thumbprint} data-status="unreadable">
        <span class="status-badge">{t(STATUS_TEXT.unreadable)}</span> {t("unreadableCertificate", entry.thumbprint.toLowerCase())}
      </li>
    );
  }
  const ids = [
    d.subject.inn && `${t("inn")} ${d.subject.inn}`,
    d.subject.ogrnip && `${t("ogrnip")} ${d.subject.ogrnip}`,
    d.subject.snils && `${t("snils")} ${d.subject.snils}`,
  ].filter(Boolean);
  const detailsId = `details-${entry.thumbprint}`;
  return (
    <li class={`certificate urgency-${view.urgency} status-${view.status}`} data-thumbprint={entry.thumbprint} data-status={view.status}>
      <div class="certificate-head">
        <span class="certificate-owner">{d.owner}</span>
        <span class="days-left" data-days-left={view.daysLeft}>
          {view.status === "notYetValid" ? t("notYetValid") : daysLeftText(view.daysLeft ?? 0)}
        </span>
      </div>
      <p class="status-line">
        <span class="status-badge">{t(STATUS_TEXT[view.status])}</span>
      </p>
      <dl>
        {d.subject.organization && (
          <>
            <dt>{t("organization")}</dt>
            <dd class="certificate-org">{d.subject.organization}</dd>
          </>
        )}
        {ids.length > 0 && (
          <>
            <dt>{t("identifiers")}</dt>
            <dd class="certificate-ids">{ids.join(", ")}</dd>
          </>
        )}
        <dt>{t("issuer")}</dt>
        <dd class="certificate-issuer">
          {d.issuerName}
          {d.isFnsIssuer && <span class="badge badge-fns">{t("fnsIssued")}</span>}
        </dd>
        <dt>{t("validity")}</dt>
        <dd class="certificate-validity">{t("validRange", formatDay(d.notBefore), formatDay(d.notAfter))}</dd>
      </dl>
      <p class={`key key-${view.key}`}>{t(KEY_TEXT[view.key])}</p>
      {entry.key?.idMismatch && <p class="notice notice-warn">{t("keyIdMismatch")}</p>}
      <button type="button" class="link details-toggle" aria-expanded={open} aria-controls={detailsId}>
        {open ? t("detailsHide") : t("detailsShow")}
      </button>
      {open && <CertificateDetailsView id={detailsId} entry={entry} details={d} checkRevocation={checkRevocation} />}
    </li>
  );
}
