import { Fragment } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { describeError } from "../../../shared/protocol/index.ts";
import { ATTRIBUTE_TYPES } from "../../../shared/x509/index.ts";
import type { ConsentDetails } from "../messaging/consent.ts";
import type { UiResponse } from "../messaging/ui-protocol.ts";
import { formatBytes, formatDate } from "../ui/format.ts";
import { t, uiLang, type MessageKey } from "../ui/i18n.ts";
import { revealHidden, revealHiddenInText } from "../ui/visible-marks.ts";

export interface ConsentAppProps {
  load: () => Promise<UiResponse<"consentDetails">>;
  decide: (approved: boolean, pin: string | undefined) => Promise<UiResponse<"consentDecision">>;
  close: () => void;
}

/**
 * Approve works only after the window has had the focus this long without a break: a page
 * that keeps the keyboard focus, or a click meant for the page as the window opens, must
 * not land on it.
 */
export const ARM_DELAY_MS = 1000;

const OPERATION: Record<ConsentDetails["operation"], { title: MessageKey; action: MessageKey }> = {
  sign: { title: "consentSignTitle", action: "consentSignAction" },
  signHash: { title: "consentRawTitle", action: "consentSignAction" },
  generateKey: { title: "consentKeyTitle", action: "consentKeyAction" },
  installCertificate: { title: "consentInstallTitle", action: "consentInstallAction" },
  createRequest: { title: "consentRequestTitle", action: "consentRequestAction" },
  signIn: { title: "consentSignInTitle", action: "consentSignInAction" },
};

/** Approve is armed ARM_DELAY_MS after the window gains the focus and disarmed when it loses it. */
function useArmed(): boolean {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => setArmed(true), ARM_DELAY_MS);
    };
    const disarm = () => {
      clearTimeout(timer);
      setArmed(false);
    };
    if (document.hasFocus()) arm();
    window.addEventListener("focus", arm);
    window.addEventListener("blur", disarm);
    return () => {
      disarm();
      window.removeEventListener("focus", arm);
      window.removeEventListener("blur", disarm);
    };
  }, []);
  return armed;
}

/** A subject field as certificates name it (CN, SN, ИНН…), the way the user sees it on their certificate. */
const attributeName = (field: string) => Object.values(ATTRIBUTE_TYPES).find((type) => type.field === field)?.name ?? field;

/** CryptoPro shows thumbprints as spaced lowercase pairs; users compare them that way. */
const spaced = (hex: string) => hex.toLowerCase().replace(/(..)(?=.)/g, "$1 ");

/**
 * The extension's own confirmation window: the only place where the user approves an
 * operation a site asked for, and where the PIN is typed. The site never sees either.
 */
export function ConsentApp({ load, decide, close }: ConsentAppProps) {
  const [details, setDetails] = useState<ConsentDetails | null | undefined>(undefined);
  const [pin, setPin] = useState("");
  const [busy, setBusy] = useState(false);
  const armed = useArmed();
  const pinInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void load().then((r) => setDetails(r.ok ? r.result : null));
  }, [load]);
  useEffect(() => pinInput.current?.focus(), [details]);

  const submit = async (approved: boolean) => {
    if (approved && !armed) return;
    setBusy(true);
    const response = await decide(approved, approved ? pin : undefined);
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
      {details.gateway && (
        <p class="mark" data-testid="consent-gateway">
          {details.operation === "signIn" ? t("consentGatewayMark") : t("consentGatewayConnection")}
          {details.gateway.signedInWith && (
            <>
              <br />
              <span data-testid="consent-gateway-certificate">
                {t("consentGatewaySignedInWith", revealHidden(details.gateway.signedInWith.owner))}{" "}
                <span class="mono">{spaced(details.gateway.signedInWith.thumbprint)}</span>
              </span>
            </>
          )}
        </p>
      )}
      {details.gateway?.expiresInDays !== undefined && (
        <p class="warning-strong" role="alert" data-testid="consent-expires-soon">
          {t("consentExpiresSoon", details.gateway.expiresInDays)}
        </p>
      )}
      <dl>
        <dt>{t("consentToken")}</dt>
        <dd data-testid="consent-token">
          {revealHidden(details.token.label)} · {revealHidden(details.token.model)} · {revealHidden(details.token.serial)}
        </dd>
        {details.certificate && (
          <>
            <dt>{t("owner")}</dt>
            <dd data-testid="consent-owner">{revealHidden(details.certificate.owner)}</dd>
            <dt>{t("issuer")}</dt>
            <dd data-testid="consent-issuer">{revealHidden(details.certificate.issuer)}</dd>
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
        {details.subject?.map(([field, value]) => (
          <Fragment key={field}>
            <dt>{attributeName(field)}</dt>
            <dd data-testid={`consent-subject-${field}`}>{revealHidden(value)}</dd>
          </Fragment>
        ))}
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
      {details.document && <DocumentView document={details.document} raw={details.operation === "signHash"} />}
      {error && (
        <p class="error" role="alert" data-code={details.error?.code}>
          {error.message} {error.hint}
        </p>
      )}
      <label class="pin">
        {t("consentPin")}
        <input
          ref={pinInput}
          type="password"
          autocomplete="off"
          value={pin}
          onInput={(e) => setPin(e.currentTarget.value)}
          required
          minLength={4}
          maxLength={64}
          data-testid="consent-pin"
        />
      </label>
      <div class="buttons">
        <button type="button" onClick={() => void submit(false)} disabled={busy} data-testid="consent-cancel">
          {t("consentCancel")}
        </button>
        <button type="submit" class="primary" disabled={busy || !armed} data-testid="consent-approve">
          {t(operation.action)}
        </button>
      </div>
    </form>
  );
}

/**
 * What is signed: a text document in full up to the preview's limit, scrollable, with
 * "first N of M characters" when it is longer; for a bare digest or a binary document a
 * warning that the window cannot show what the signature covers, and for a raw signature
 * (`raw`) that it is not even bound to a document.
 */
function DocumentView({ document, raw }: { document: NonNullable<ConsentDetails["document"]>; raw: boolean }) {
  if (document.digestOnly || !document.preview) {
    return (
      <p class="warning-strong" role="alert" data-testid="consent-blind">
        {t(raw ? "consentRawWarning" : document.digestOnly ? "consentDigestWarning" : "consentBinaryWarning")}
      </p>
    );
  }
  const { text, shownChars, totalChars } = document.preview;
  return (
    <>
      <p class="preview-note" data-testid="consent-preview-note">
        {shownChars < totalChars ? t("consentPreviewPart", shownChars, totalChars) : t("consentPreviewWhole", totalChars)}
      </p>
      <pre class="preview" tabIndex={0} data-testid="consent-preview">
        {revealHiddenInText(text)}
      </pre>
    </>
  );
}
