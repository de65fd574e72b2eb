import { useCallback, useEffect, useLayoutEffect, useState } from "preact/hooks";
import browser from "webextension-polyfill";
import type { ErrorInfo } from "../../../shared/protocol/index.ts";
import { serializeError } from "../../../shared/protocol/kep-error.ts";
import type { CleanupReport, PopupModel } from "../messaging/popup-model.ts";
import { t } from "../ui/i18n.ts";
import type { PopupApi } from "./api.ts";
import { runtimeCabinetApi, type CabinetApi } from "./cabinet-api.ts";
import { Backups } from "./components/Backups.tsx";
import { CabinetSession } from "./components/CabinetSession.tsx";
import { ErrorNotice } from "./components/ErrorNotice.tsx";
import { Journal } from "./components/Journal.tsx";
import { ModuleProblems } from "./components/ModuleProblems.tsx";
import { NoTokens } from "./components/NoTokens.tsx";
import { TokenCard } from "./components/TokenCard.tsx";
import { UnusableSlotCard } from "./components/UnusableSlotCard.tsx";

export interface AppProps {
  api: PopupApi;
  now: () => Date;
  /** Open the cleanup dialog of the first token that holds anything (the reissue assistant links to #cleanup). */
  cleanupFirst?: boolean;
  /** The last model seen, shown until the fresh one arrives. */
  cached?: PopupModel | null;
  cabinet?: CabinetApi;
}

interface State {
  model: PopupModel | null;
  /** The model is the cached one: what the tokens held when last asked, maybe no longer. */
  stale: boolean;
  error: ErrorInfo | null;
  loading: boolean;
}

/**
 * The popup. A refresh keeps the last view on screen until the new one arrives, so an open
 * cleanup result or details panel does not flash away. A cached model is shown the same
 * way, but inside a disabled fieldset: nothing can act on the token from what it held before.
 */
export function App({ api, now, cleanupFirst = false, cached = null, cabinet = runtimeCabinetApi }: AppProps) {
  const [state, setState] = useState<State>({ model: cached, stale: cached !== null, error: null, loading: true });
  const [reports, setReports] = useState<Record<string, CleanupReport>>({});

  const refresh = useCallback(() => {
    setState((s) => ({ ...s, loading: true }));
    api.load().then(
      (model) => setState({ model, stale: false, error: null, loading: false }),
      // A cached list is not shown beside the error: the error says what the tokens hold now.
      (error: unknown) => setState((s) => ({ model: s.stale ? null : s.model, stale: false, error: serializeError(error), loading: false })),
    );
  }, [api]);

  useEffect(refresh, [refresh]);
  // Marks when a listing is in the DOM (the first may be the cached one) and when it is the
  // tokens' answer: the popup benchmark reads both. A layout effect, because preact may hold
  // plain effects up to 100 ms waiting for an animation frame.
  useLayoutEffect(() => {
    if (!state.model) return;
    performance.mark("kep:popup-rendered");
    if (!state.stale) performance.mark("kep:popup-fresh");
  }, [state.model, state.stale]);

  const onCleaned = useCallback(
    (serial: string, report: CleanupReport) => {
      setReports((r) => ({ ...r, [serial]: report }));
      refresh();
    },
    [refresh],
  );

  const { model, stale, error, loading } = state;
  return (
    <main class="popup" aria-busy={loading}>
      <header class="popup-header">
        <h1>{t("popupTitle")}</h1>
        <button type="button" onClick={refresh} disabled={loading}>
          {t("refresh")}
        </button>
      </header>
      {loading && !model && (
        <p class="muted" role="status">
          {t("loading")}
        </p>
      )}
      {stale && (
        <p class="muted refreshing" role="status">
          {t("refreshing")}
        </p>
      )}
      {error && <ErrorNotice error={error} />}
      {model && (
        <>
          <fieldset class="model" disabled={stale}>
            <ModuleProblems modules={model.modules} />
            <CabinetSession tokens={model.tokens} now={now} api={cabinet} />
            {model.tokens.length === 0 && model.unusable.length === 0 ? (
              <NoTokens modules={model.modules} />
            ) : (
              model.tokens.map((entry, index) => (
                <TokenCard
                  key={`${entry.token.module}|${entry.token.serial}`}
                  entry={entry}
                  startCleaning={cleanupFirst && index === model.tokens.findIndex((e) => !e.error && (e.certificates.length > 0 || e.keys.length > 0))}
                  model={model}
                  now={now()}
                  api={api}
                  report={reports[entry.token.serial]}
                  onCleaned={onCleaned}
                />
              ))
            )}
            {model.unusable.map((slot) => (
              <UnusableSlotCard key={`${slot.module}|${slot.slotId}`} slot={slot} />
            ))}
            <Journal model={model} />
            <Backups model={model} api={api} onRestored={refresh} />
          </fieldset>
          <footer class="muted">
            {t("hostLine", model.host.version)} ·{" "}
            <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
              {t("openOptions")}
            </button>
          </footer>
        </>
      )}
    </main>
  );
}
