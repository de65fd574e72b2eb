import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ErrorInfo } from "../../../../shared/protocol/errors.ts";
import { serializeError } from "../../../../shared/protocol/kep-error.ts";
import type { BackupSummary, CleanupReport, TokenEntry } from "../../messaging/popup-model.ts";
import { formatBytes } from "../../ui/format.ts";
import { t, type MessageKey } from "../../ui/i18n.ts";
import type { PopupApi } from "../api.ts";
import { cleanupPlan, itemKey, type Candidate, type CleanupReason } from "../model/cleanup-plan.ts";
import type { StatusContext } from "../model/status.ts";
import { ErrorNotice } from "./ErrorNotice.tsx";

const REASON_TEXT: Record<CleanupReason, MessageKey> = {
  expired: "reasonExpired",
  revoked: "reasonRevoked",
  reportedRevoked: "reasonReportedRevoked",
  superseded: "reasonSuperseded",
  orphanKey: "reasonOrphanKey",
  unreadable: "reasonUnreadable",
  keyWithoutCertificate: "reasonKeyWithoutCertificate",
  inUse: "reasonInUse",
};

export interface CleanupDialogProps {
  entry: TokenEntry;
  ctx: Omit<StatusContext, "keys">;
  backups: BackupSummary[];
  api: PopupApi;
  onClose: () => void;
  onDone: (report: CleanupReport) => void;
}

type Step = "select" | "confirm" | "running";

function CandidateRow({ candidate, checked, onToggle }: { candidate: Candidate; checked: boolean; onToggle: () => void }) {
  const id = `pick-${itemKey(candidate.item)}`;
  return (
    <li class={`candidate${candidate.inForce ? " candidate-in-force" : ""}`} data-item={itemKey(candidate.item)} data-reason={candidate.reason}>
      <input type="checkbox" id={id} checked={checked} onChange={onToggle} />
      <label for={id}>
        <span class="candidate-kind">{t(candidate.item.kind === "certificate" ? "kindCertificate" : "kindKeyPair")}</span> {candidate.title}
        <span class="muted"> — {t(REASON_TEXT[candidate.reason])}</span>
      </label>
    </li>
  );
}

/**
 * Cleanup in three steps: pick (outdated objects pre-checked, objects in force unchecked
 * and apart), confirm (exactly what goes, memory after, a second warning for anything in
 * force, the PIN when the token is not logged in), run.
 */
export function CleanupDialog({ entry, ctx, backups, api, onClose, onDone }: CleanupDialogProps) {
  const plan = useMemo(() => cleanupPlan(entry, ctx, backups), [entry, ctx.now, ctx.warnDays, ctx.reportedRevoked, backups]);
  const [picked, setPicked] = useState(() => new Set(plan.filter((c) => c.proposed).map((c) => itemKey(c.item))));
  const [step, setStep] = useState<Step>("select");
  const [acknowledged, setAcknowledged] = useState(false);
  const [pin, setPin] = useState("");
  const [error, setError] = useState<ErrorInfo | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Keyboard users land in the dialog when it opens and again on each step.
  useEffect(() => heading.current?.focus(), [step === "select"]);
  const chosen = plan.filter((c) => picked.has(itemKey(c.item)));
  const inForce = chosen.filter((c) => c.inForce);
  const free = entry.token.memory.freePublic;
  const freeAfter = free === null ? null : free + chosen.reduce((sum, c) => sum + c.size, 0);
  const needsPin = !entry.loggedIn;
  const ref = { module: entry.token.module, serial: entry.token.serial };

  const toggle = (candidate: Candidate) => {
    const next = new Set(picked);
    const key = itemKey(candidate.item);
    if (!next.delete(key)) next.add(key);
    setPicked(next);
    setAcknowledged(false);
  };

  const run = async () => {
    setStep("running");
    setError(null);
    try {
      if (needsPin) await api.login(ref, pin);
      onDone(
        await api.cleanup(
          ref,
          chosen.map((c) => c.item),
          inForce.length > 0,
        ),
      );
    } catch (e) {
      setError(serializeError(e));
      setStep("confirm");
    }
  };

  const outdated = plan.filter((c) => !c.inForce);
  const current = plan.filter((c) => c.inForce);
  return (
    <div class="cleanup" role="region" aria-label={t("cleanupTitle")}>
      <h3 tabIndex={-1} ref={heading}>
        {t("cleanupTitle")}
      </h3>
      {step === "select" && (
        <>
          {outdated.length === 0 && <p class="muted">{t("cleanupNothing")}</p>}
          <ul class="candidates">
            {outdated.map((c) => (
              <CandidateRow key={itemKey(c.item)} candidate={c} checked={picked.has(itemKey(c.item))} onToggle={() => toggle(c)} />
            ))}
          </ul>
          {current.length > 0 && (
            <details class="in-force">
              <summary>{t("cleanupInForce", current.length)}</summary>
              <ul class="candidates">
                {current.map((c) => (
                  <CandidateRow key={itemKey(c.item)} candidate={c} checked={picked.has(itemKey(c.item))} onToggle={() => toggle(c)} />
                ))}
              </ul>
            </details>
          )}
          <div class="actions">
            <button type="button" class="primary cleanup-next" disabled={chosen.length === 0} onClick={() => setStep("confirm")}>
              {t("cleanupNext", chosen.length)}
            </button>
            <button type="button" onClick={onClose}>
              {t("cancel")}
            </button>
          </div>
        </>
      )}
      {step !== "select" && (
        <form
          class="cleanup-confirm"
          onSubmit={(event) => {
            event.preventDefault();
            void run();
          }}
        >
          <p>{t("cleanupConfirmLead", chosen.length)}</p>
          <ul class="confirm-list">
            {chosen.map((c) => (
              <li key={itemKey(c.item)} data-item={itemKey(c.item)}>
                {t(c.item.kind === "certificate" ? "kindCertificate" : "kindKeyPair")} {c.title} — {t(REASON_TEXT[c.reason])}
              </li>
            ))}
          </ul>
          {free !== null && freeAfter !== null && <p class="memory-after">{t("cleanupMemoryAfter", formatBytes(free), formatBytes(freeAfter))}</p>}
          <p class="muted">{t("cleanupBackupNote")}</p>
          {inForce.length > 0 && (
            <div class="notice notice-error" role="alert">
              <p class="notice-message">{t("cleanupInForceWarning", inForce.map((c) => c.title).join(", "))}</p>
              <label>
                <input type="checkbox" class="acknowledge" checked={acknowledged} onChange={(e) => setAcknowledged(e.currentTarget.checked)} />{" "}
                {t("cleanupInForceAcknowledge")}
              </label>
            </div>
          )}
          {needsPin && (
            <p class="pin-field">
              <label for={`cleanup-pin-${entry.token.serial}`}>{t("pinLabel")}</label>{" "}
              <input
                id={`cleanup-pin-${entry.token.serial}`}
                type="password"
                inputMode="numeric"
                autoComplete="off"
                minLength={4}
                maxLength={64}
                value={pin}
                onInput={(e) => setPin(e.currentTarget.value)}
              />
            </p>
          )}
          {error && <ErrorNotice error={error} />}
          <div class="actions">
            <button
              type="submit"
              class="danger cleanup-delete"
              disabled={step === "running" || (inForce.length > 0 && !acknowledged) || (needsPin && pin.length < 4)}
            >
              {step === "running" ? t("cleanupRunning") : t("cleanupDelete", chosen.length)}
            </button>
            <button type="button" disabled={step === "running"} onClick={() => setStep("select")}>
              {t("back")}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
