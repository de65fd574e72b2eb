import { useState } from "preact/hooks";
import type { Detected } from "../../assistant/detect.ts";
import type { AssistantStep } from "../../assistant/recognizers.ts";
import type { AssistantStatus } from "../../messaging/assistant.ts";
import { t, type MessageKey } from "../../ui/i18n.ts";

const STEPS: readonly MessageKey[] = ["assistantStep1", "assistantStep2", "assistantStep3", "assistantStep4", "assistantStep5"];

interface Check {
  ok: boolean | null;
  text: string;
  action?: { label: string; run: () => void };
  /** The outcome the folded tracker shows when nothing failed (the end of the reissue). */
  headline?: true;
}

/** A new FNS certificate is valid 15 months; anything above ten months left means the fresh one. */
const FRESH_DAYS = 300;

/** A recognised page with its step known: from the page itself, or from the journal between steps. */
export type Placed = Detected & { step: AssistantStep };

export function checksFor(status: AssistantStatus, detected: Placed, openCleanup: () => void): Check[] {
  if (status.error) return [{ ok: false, text: status.error }];
  const list: Check[] = [];
  if (status.tokenCount === 0) list.push({ ok: false, text: t("assistantNoToken") });
  else if (status.tokenCount > 1) list.push({ ok: false, text: t("assistantManyTokens", status.tokenCount) });
  else list.push({ ok: true, text: t("assistantOneToken", status.token?.label ?? "", status.token?.serial ?? "") });
  if (status.enoughMemory === false && !detected.done) {
    list.push({ ok: false, text: t("assistantNoMemory", status.token?.freeBytes ?? 0), action: { label: t("assistantOpenCleanup"), run: openCleanup } });
  } else if (status.enoughMemory === true && !detected.done) {
    list.push({ ok: true, text: t("assistantMemoryOk", status.token?.freeBytes ?? 0) });
  }
  if (!detected.done && status.tokenCount === 1) {
    list.push(
      status.current
        ? {
            ok: status.current.isFns,
            text: t(status.current.isFns ? "assistantCurrentFns" : "assistantCurrentNotFns", status.current.owner, status.current.daysLeft),
          }
        : { ok: false, text: t("assistantNoCurrent") },
    );
  }
  if (detected.step === 4 && !detected.done) list.push({ ok: null, text: t("assistantRevokeRequired") });
  if (detected.done) {
    const installed = status.newest !== null && status.newest.paired && status.newest.daysLeft > FRESH_DAYS;
    list.push({
      ok: installed,
      text: installed ? t("assistantInstalled", status.newest!.owner, status.newest!.daysLeft) : t("assistantNotInstalled"),
      headline: true,
    });
    if (installed) list.push({ ok: null, text: t("assistantNext"), action: { label: t("assistantOpenCleanup"), run: openCleanup } });
  }
  return list;
}

const MARK = { true: "✓", false: "✗", null: "•" } as const;

function stepState(step: number, detected: Placed): "done" | "current" | "todo" {
  if (step < detected.step || (step === detected.step && detected.done)) return "done";
  return step === detected.step ? "current" : "todo";
}

/** A check as a list item: its mark, its text, and its action button if it has one. */
function CheckLine({ check }: { check: Check }) {
  return (
    <>
      <span aria-hidden="true">{MARK[String(check.ok) as "true" | "false" | "null"]}</span> {check.text}
      {check.action && (
        <button type="button" onClick={check.action.run}>
          {check.action.label}
        </button>
      )}
    </>
  );
}

/**
 * The step tracker drawn over the tax service's page, inside a shadow root. Folded, it is
 * the five steps as numbers and one line: the first failed check with its action, else the
 * outcome at the end of the reissue, else the current step. It never unfolds by itself, so it never covers the
 * wizard's own links and buttons on a narrow window; the user unfolds it for all steps and
 * checks.
 */
export function Tracker({
  status,
  detected,
  openCleanup,
  hide,
}: {
  status: AssistantStatus | null;
  detected: Placed;
  openCleanup: () => void;
  hide: () => void;
}) {
  const checks = status === null ? null : checksFor(status, detected, openCleanup);
  const [expanded, setExpanded] = useState(false);
  const where = t("assistantStepOf", detected.step, t(STEPS[detected.step - 1]!));
  // The folded line: what needs the user, else the outcome, else where the user is.
  const line: Check = checks?.find((check) => check.ok === false) ??
    checks?.find((check) => check.headline) ?? { ok: checks === null ? null : true, text: where };
  return (
    <aside
      class={expanded ? "kep-assistant" : "kep-assistant folded"}
      role="complementary"
      aria-label={t("assistantTitle")}
      data-step={detected.step}
      data-page={detected.page}
      data-expanded={String(expanded)}
    >
      <header>
        <strong>{t("assistantTitle")}</strong>
        <span class="buttons">
          <button
            type="button"
            data-action="toggle"
            aria-expanded={expanded}
            aria-label={t(expanded ? "assistantCollapse" : "assistantExpand")}
            onClick={() => setExpanded(!expanded)}
          >
            {expanded ? "▾" : "▴"}
          </button>
          <button type="button" onClick={hide} aria-label={t("assistantHide")}>
            ×
          </button>
        </span>
      </header>
      {!expanded && (
        <ol class="stepper" aria-label={where}>
          {STEPS.map((key, index) => (
            <li key={key} class={stepState(index + 1, detected)} title={t(key)}>
              {index + 1}
            </li>
          ))}
        </ol>
      )}
      {!expanded && (
        <p class={`summary check-${String(line.ok)}`} data-summary>
          <CheckLine check={line} />
        </p>
      )}
      {expanded && (
        <ol class="steps">
          {STEPS.map((key, index) => {
            const state = stepState(index + 1, detected);
            return (
              <li key={key} class={state} aria-current={state === "current" ? "step" : undefined}>
                {t(key)}
              </li>
            );
          })}
        </ol>
      )}
      {expanded &&
        (checks === null ? (
          <p class="muted">…</p>
        ) : (
          <ul class="checks">
            {checks.map((check) => (
              <li key={check.text} class={`check-${String(check.ok)}`}>
                <CheckLine check={check} />
              </li>
            ))}
          </ul>
        ))}
    </aside>
  );
}
