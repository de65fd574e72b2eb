import type { DeleteItem } from "../../../../shared/protocol/index.ts";
import type { BackupSummary, CleanupReport, TokenEntry } from "../../messaging/popup-model.ts";
import { t } from "../../ui/i18n.ts";
import { itemKey } from "../model/cleanup-plan.ts";
import { ErrorNotice } from "./ErrorNotice.tsx";

/** The last cleanup's outcome, item by item: what went, what stayed and why. */
export function CleanupResult({ report, entry, backups }: { report: CleanupReport; entry: TokenEntry; backups: BackupSummary[] }) {
  // Names come from what is still on the token or, for deleted certificates, from their backups.
  const name = (item: DeleteItem) => {
    if (item.kind === "keyPair") {
      const label = entry.keys.find((k) => k.id === item.id)?.label || backups.find((b) => b.keyId === item.id)?.owner;
      return `${t("kindKeyPair")} ${label || item.id}`;
    }
    const owner =
      entry.certificates.find((c) => c.thumbprint === item.thumbprint)?.details?.owner ?? backups.find((b) => b.thumbprint === item.thumbprint)?.owner;
    return `${t("kindCertificate")} ${owner ?? `${item.thumbprint.slice(0, 8).toLowerCase()}…`}`;
  };
  const firstError = report.notDeleted[0]?.error;
  return (
    <div class={`notice cleanup-result ${report.notDeleted.length ? "notice-warn" : ""}`} role="status">
      <p class="notice-message">{t("cleanupDeleted", report.deleted.length)}</p>
      <ul class="deleted-list">
        {report.deleted.map((item) => (
          <li key={itemKey(item)} data-item={itemKey(item)}>
            {name(item)}
          </li>
        ))}
      </ul>
      {report.notDeleted.length > 0 && (
        <>
          <p class="notice-message">{t("cleanupNotDeleted", report.notDeleted.length)}</p>
          <ul class="not-deleted-list">
            {report.notDeleted.map(({ item }) => (
              <li key={itemKey(item)} data-item={itemKey(item)}>
                {name(item)}
              </li>
            ))}
          </ul>
          {firstError && <ErrorNotice error={firstError} />}
        </>
      )}
      {report.backedUp.length > 0 && <p class="muted">{t("cleanupBackedUp", report.backedUp.length)}</p>}
    </div>
  );
}
