import type { JournalRun, PopupModel } from "../../messaging/popup-model.ts";
import { t, type MessageKey } from "../../ui/i18n.ts";
import { formatDay } from "../model/dates.ts";

const STEP_NAMES: readonly MessageKey[] = ["assistantStep1", "assistantStep2", "assistantStep3", "assistantStep4", "assistantStep5"];
const STATUS: Record<JournalRun["status"], MessageKey> = {
  inProgress: "journalInProgress",
  done: "journalDone",
  failed: "journalFailed",
  abandoned: "journalAbandoned",
};

/** The reissue journal: where each run stands, so a user can resume or see what was done. */
export function Journal({ model }: { model: PopupModel }) {
  if (model.journal.length === 0) return null;
  return (
    <details class="journal" open={model.journal[0]?.status === "inProgress"}>
      <summary>{t("journalTitle")}</summary>
      <ul>
        {model.journal.map((run) => (
          <li key={run.id} data-status={run.status}>
            <strong>{t(STATUS[run.status])}</strong> · {t("journalStarted", formatDay(run.startedAt))}
            {run.step > 0 && <div>{t("journalStep", run.step, t(STEP_NAMES[run.step - 1]!), formatDay(run.lastAt))}</div>}
            {run.newThumbprint && <div class="muted">{t("journalNew", run.newThumbprint)}</div>}
            {run.revokedThumbprint && <div class="muted">{t("journalRevoked", run.revokedThumbprint)}</div>}
          </li>
        ))}
      </ul>
    </details>
  );
}
