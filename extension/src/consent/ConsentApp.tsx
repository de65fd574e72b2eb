import { useEffect, useRef, useState } from "preact/hooks";
import { describeError } from "../../../shared/protocol/index.ts";
import type { ConsentDetails } from "../messaging/consent.ts";
import type { UiResponse } from "../messaging/ui-protocol.ts";
import { formatBytes, formatDate } from "../ui/format.ts";
import { t, uiLang, type MessageKey } from "../ui/i18n.ts";

export interface ConsentAppProps {
  load: () => Promise<UiResponse<"consentDetails">>;
  decide: (approved: boolean, pin: string | undefined, remember: boolean) => Promise<UiResponse<"consentDecision">>;
  close: () => void;
}

const OPERATION: Record<ConsentDetails["operation"], { title: MessageKey; action: MessageKey }> = {
  sign: { title: "consentSignTitle", action: "consentSignAction" },
  generateKey: { title: "consentKeyTitle", action: "consentKeyAction" },
  installCertificate: { title: "consentInstallTitle", action: "consentInstallAction" },
};

/** CryptoPro shows thumbprints as spaced lowercase pairs; users compare them that way. */
const spaced = (hex: string) => hex.toLowerCase().replace(/(..)(?=.)/g, "$1 ");

/**
 * The extension's own confirmation window: the only place where the user approves an
 * operation a site asked for, and where the PIN is typed. The site never sees either.
 */
export function ConsentApp({ load, decide, close }: ConsentAppProps) {
  const [details, setDetails] = useState<ConsentDetails | null | undefined>(undefined);
  const [pin, setPin] = useState("");
  const [remember, setRemember] = useState(false);
  const [busy, setBusy] = useState(false);
  const pinInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void load().then((r) => setDetails(r.ok ? r.result : null));
  }, [load]);
  useEffect(() => pinInput.current?.focus(), [details]);

  const submit = async (approved: boolean) => {
    setBusy(true);
    const response = await decide(approved, approved && details?.needsPin ? pin : undefined, remember);
    setBusy(false);
    setPin("");
    if (!response.ok || response.result.done) close();
    else if (response.result.details) setDetails(response.result.details);
  };

  if (details === undefined) return <p class="muted">…</p>;
  if (details === null) return <p role="alert">{t("consentExpired")}</p>;
  const operation = OPERATION[details.operation];
  const error = details.error ? describeError(details.error, uiLang()) : null;
  return (
    <form
      class="consent"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(true);
      }}
      onKeyDown={(e) => e.key === "Escape" && void submit(false)}
    >
      <h1>{t(operation.title)}</h1>
      <p class="site">
        {t("consentSite")} <strong data-testid="consent-origin">{details.origin}</strong>
      </p>
      <dl>
        <dt>{t("consentToken")}</dt>
        <dd>
          {details.token.label} · {details.token.model} · {details.token.serial}
        </dd>
        {details.certificate && (
          <>
            <dt>{t("owner")}</dt>
            <dd data-testid="consent-owner">{details.certificate.owner}</dd>
            <dt>{t("issuer")}</dt>
            <dd>{details.certificate.issuer}</dd>
            {details.certificate.notAfter && (
              <>
                <dt>{t("consentValidTo")}</dt>
                <dd>{formatDate(new Date(details.certificate.notAfter))}</dd>
              </>
            )}
            <dt>{t("thumbprint")}</dt>
            <dd class="mono">{spaced(details.certificate.thumbprint)}</dd>
          </>
        )}
        {details.document && (
          <>
            <dt>{t("consentDocument")}</dt>
            <dd>{details.document.digestOnly ? t("consentDigestOnly") : formatBytes(details.document.size)}</dd>
            <dt>{t("consentDigest")}</dt>
            <dd class="mono" data-testid="consent-digest">
              {details.document.digest}
            </dd>
          </>
        )}
      </dl>
      {details.document?.preview && <pre class="preview">{details.document.preview}</pre>}
      {error && (
        <p class="error" role="alert" data-code={details.error?.code}>
          {error.message} {error.hint}
        </p>
      )}
      {details.needsPin && (
        <label class="pin">
          {t("consentPin")}
          <input ref={pinInput} type="password" autocomplete="off" value={pin} onInput={(e) => setPin(e.currentTarget.value)} required minLength={4} maxLength={64} data-testid="consent-pin" />
        </label>
      )}
      {details.allowRemember && (
        <label class="remember">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.currentTarget.checked)} /> {t("consentRemember")}
        </label>
      )}
      <div class="buttons">
        <button type="button" onClick={() => void submit(false)} disabled={busy} data-testid="consent-cancel">
          {t("consentCancel")}
        </button>
        <button type="submit" class="primary" disabled={busy} data-testid="consent-approve">
          {t(operation.action)}
        </button>
      </div>
    </form>
  );
}
