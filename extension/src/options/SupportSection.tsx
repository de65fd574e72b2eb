import { useState } from "preact/hooks";
import browser from "webextension-polyfill";
import { describeError, type ErrorInfo } from "../../../shared/protocol/index.ts";
import { serializeError } from "../../../shared/protocol/kep-error.ts";
import { send } from "../popup/api.ts";
import { ErrorNotice } from "../popup/components/ErrorNotice.tsx";
import { t, uiLang } from "../ui/i18n.ts";

type Copied = "copied" | "notCopied" | null;

/**
 * The support report: the host's `doctor` text, headed by what only the extension knows
 * (its version, the browser). When the host does not answer, that failure is the report,
 * since a host that cannot be started is the commonest reason to need one.
 */
export function SupportSection() {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState<Copied>(null);

  const copyReport = async () => {
    setBusy(true);
    setError(null);
    setCopied(null);
    const lang = uiLang();
    const head = t("optionsReportExtension", browser.runtime.getManifest().version, navigator.userAgent);
    let report: string;
    try {
      report = `${head}\n${(await send({ kind: "doctor", lang })).text}`;
    } catch (e) {
      const info = serializeError(e);
      const described = describeError(info, lang);
      setError(info);
      report = `${head}\n${t("optionsReportHostFailed", described.message, described.hint)}\n${info.code}: ${info.message}\n`;
    }
    setText(report);
    try {
      await navigator.clipboard.writeText(report);
      setCopied("copied");
    } catch {
      setCopied("notCopied");
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="support-title">
      <h2 id="support-title">{t("optionsSupport")}</h2>
      <p class="muted">{t("optionsSupportNote")}</p>
      <div class="row">
        <button type="button" class="copy-report" onClick={() => void copyReport()} disabled={busy}>
          {busy ? t("optionsReportCollecting") : t("optionsCopyReport")}
        </button>
        {copied === "copied" && <span role="status">{t("optionsReportCopied")}</span>}
      </div>
      {copied === "notCopied" && (
        <p class="notice notice-error" role="alert">
          {t("optionsReportNotCopied")}
        </p>
      )}
      {error && <ErrorNotice error={error} />}
      {text !== null && <textarea class="support-report" aria-label={t("optionsReportText")} readOnly rows={16} value={text} />}
    </section>
  );
}
