import { useCallback, useEffect, useState } from "preact/hooks";
import { gostCabinetByHost } from "../../../../shared/gost-cabinets.ts";
import type { ErrorInfo } from "../../../../shared/protocol/index.ts";
import { serializeError } from "../../../../shared/protocol/kep-error.ts";
import type { TokenEntry } from "../../messaging/popup-model.ts";
import type { UiResults } from "../../messaging/ui-protocol.ts";
import { formatDate } from "../../ui/format.ts";
import { t, uiLang } from "../../ui/i18n.ts";
import { revealHidden } from "../../ui/visible-marks.ts";
import type { CabinetApi } from "../cabinet-api.ts";
import { CabinetSignIn } from "./CabinetSignIn.tsx";
import { ErrorNotice } from "./ErrorNotice.tsx";

/** The idle time left is shown in minutes; a session that ended meanwhile (sign-out, token, idle) shows within this. */
const STATUS_EVERY_MS = 5_000;

type Status = UiResults["gatewayStatus"];

const formatTime = (at: number) => new Date(at).toLocaleTimeString(uiLang() === "ru" ? "ru-RU" : "en-GB", { hour: "2-digit", minute: "2-digit" });

/**
 * The popup's GOST cabinet part: while the host's gateway runs a session, which cabinet (its
 * real host name), which certificate, since when and how long until it ends for inactivity,
 * with «Открыть кабинет» and «Выйти из кабинета»; otherwise «Войти в личный кабинет по сертификату».
 */
export function CabinetSession({ tokens, now, api }: { tokens: TokenEntry[]; now: () => Date; api: CabinetApi }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  // A host that cannot answer has no session to show; the popup's own list reports why.
  const refresh = useCallback(() => api.status().then(setStatus, () => setStatus(null)), [api]);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), STATUS_EVERY_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const cabinet = status?.running && status.host ? gostCabinetByHost(status.host) : undefined;
  if (!status?.running || !cabinet || !status.origin) {
    const signIn: CabinetApi["signIn"] = async (...args) => {
      const started = await api.signIn(...args);
      await refresh();
      return started;
    };
    return <CabinetSignIn tokens={tokens} now={now()} signIn={signIn} />;
  }
  const origin = status.origin;
  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(serializeError(e));
    } finally {
      setBusy(false);
    }
  };
  const minutesLeft = status.idleEndsAt === undefined ? null : Math.max(0, Math.ceil((status.idleEndsAt - now().getTime()) / 60_000));
  return (
    <section class="cabinet-session" data-testid="cabinet-session">
      <h2>{t("cabinetSessionTitle")}</h2>
      <p class="mark">{t("consentGatewayConnection")}</p>
      <dl>
        <dt>{t("cabinetSessionCabinet")}</dt>
        <dd data-testid="cabinet-session-host">
          {cabinet.name[uiLang()]} · https://{cabinet.host}
        </dd>
        <dt>{t("cabinetSessionCertificate")}</dt>
        <dd data-testid="cabinet-session-certificate" data-thumbprint={status.signedInWith?.thumbprint ?? status.certificate}>
          {status.signedInWith ? revealHidden(status.signedInWith.owner) : status.certificate}
        </dd>
        {status.startedAt !== undefined && (
          <>
            <dt>{t("cabinetSessionSince")}</dt>
            <dd data-testid="cabinet-session-since">
              {formatDate(new Date(status.startedAt))} {formatTime(status.startedAt)}
            </dd>
          </>
        )}
        {minutesLeft !== null && (
          <>
            <dt>{t("cabinetSessionIdle")}</dt>
            <dd data-testid="cabinet-session-idle">{t("cabinetSessionMinutes", minutesLeft)}</dd>
          </>
        )}
      </dl>
      <div class="buttons">
        <button type="button" class="primary" disabled={busy} onClick={() => void act(() => api.open(origin))} data-testid="cabinet-session-open">
          {t("cabinetSessionOpen")}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void act(async () => {
              await api.stop();
              await refresh();
            })
          }
          data-testid="cabinet-session-stop"
        >
          {t("cabinetSessionStop")}
        </button>
      </div>
      {error && <ErrorNotice error={error} />}
    </section>
  );
}
