import { useState } from "preact/hooks";
import type { ErrorInfo } from "../../../../shared/protocol/errors.ts";
import { serializeError } from "../../../../shared/protocol/kep-error.ts";
import type { BackupSummary, PopupModel } from "../../messaging/popup-model.ts";
import { formatDay } from "../model/dates.ts";
import { t } from "../../ui/i18n.ts";
import type { PopupApi } from "../api.ts";
import { saveDer } from "../download.ts";
import { cerFileName } from "../model/format.ts";
import { ErrorNotice } from "./ErrorNotice.tsx";
import { PinForm } from "./PinForm.tsx";

function BackupRow({ backup, model, api, onRestored }: { backup: BackupSummary; model: PopupModel; api: PopupApi; onRestored: () => void }) {
  const [askPin, setAskPin] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const entry = model.tokens.find((e) => e.token.serial === backup.tokenSerial && !e.error);
  const owner = backup.owner ?? backup.label;

  const restore = async (pin?: string) => {
    if (!entry) return;
    const ref = { module: entry.token.module, serial: entry.token.serial };
    setBusy(true);
    setError(null);
    try {
      if (pin !== undefined) await api.login(ref, pin);
      await api.restore(ref, backup.thumbprint);
      onRestored();
    } catch (e) {
      const info = serializeError(e);
      if (info.code === "NOT_LOGGED_IN") setAskPin(true);
      else setError(info);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class="backup" data-thumbprint={backup.thumbprint}>
      <div>
        <strong>{owner}</strong>
        {backup.notAfter !== null && <span class="muted"> · {t("validTo", formatDay(backup.notAfter))}</span>}
        <span class="muted"> · {t("backupDeleted", formatDay(backup.deletedAt), backup.tokenSerial)}</span>
      </div>
      <div class="actions">
        <button
          type="button"
          class="restore"
          disabled={!entry || busy}
          title={entry ? undefined : t("restoreNeedsToken")}
          onClick={() => (entry && !entry.loggedIn ? setAskPin(true) : void restore())}
        >
          {t("restore")}
        </button>
        <button type="button" class="save-cer" onClick={() => saveDer(backup.der, cerFileName(owner, backup.notAfter))}>
          {t("exportCer")}
        </button>
      </div>
      {askPin && <PinForm id={`restore-pin-${backup.thumbprint}`} disabled={busy} onPin={(pin) => void restore(pin)} />}
      {error && <ErrorNotice error={error} />}
    </li>
  );
}

/** Certificates cleanup deleted, kept in the extension: restore to the token (its key must be there) or save. */
export function Backups({ model, api, onRestored }: { model: PopupModel; api: PopupApi; onRestored: () => void }) {
  if (model.backups.length === 0) return null;
  return (
    <details class="backups">
      <summary>{t("backupsTitle", model.backups.length)}</summary>
      <ul>
        {model.backups.map((b) => (
          <BackupRow key={b.thumbprint} backup={b} model={model} api={api} onRestored={onRestored} />
        ))}
      </ul>
    </details>
  );
}
