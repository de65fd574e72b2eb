import { useState } from "preact/hooks";
import type { CrlProblem, ErrorInfo, Revocation, RevocationReason } from "../../../../shared/protocol/index.ts";
import { serializeError } from "../../../../shared/protocol/kep-error.ts";
import { t, type MessageKey } from "../../ui/i18n.ts";
import { formatDay } from "../model/dates.ts";
import { ErrorNotice } from "./ErrorNotice.tsx";

const REASON_TEXT: Record<RevocationReason, MessageKey> = {
  unspecified: "revocationReason_unspecified",
  keyCompromise: "revocationReason_keyCompromise",
  cACompromise: "revocationReason_cACompromise",
  affiliationChanged: "revocationReason_affiliationChanged",
  superseded: "revocationReason_superseded",
  cessationOfOperation: "revocationReason_cessationOfOperation",
  certificateHold: "revocationReason_certificateHold",
  removeFromCRL: "revocationReason_removeFromCRL",
  privilegeWithdrawn: "revocationReason_privilegeWithdrawn",
  aACompromise: "revocationReason_aACompromise",
};

const PROBLEM_TEXT: Record<CrlProblem, MessageKey> = {
  noDistributionPoint: "crlProblem_noDistributionPoint",
  unsupportedUrl: "crlProblem_unsupportedUrl",
  unreachable: "crlProblem_unreachable",
  timeout: "crlProblem_timeout",
  httpStatus: "crlProblem_httpStatus",
  tooLarge: "crlProblem_tooLarge",
  malformed: "crlProblem_malformed",
  noIssuer: "crlProblem_noIssuer",
  badSignature: "crlProblem_badSignature",
  outdated: "crlProblem_outdated",
  notYetValid: "crlProblem_notYetValid",
};

/** What the CRL said, or why no CRL could say anything. */
function RevocationResult({ result }: { result: Revocation }) {
  const crl = result.crl;
  return (
    <div class={`revocation-result revocation-${result.status}`} data-status={result.status}>
      {result.status === "revoked" && crl && (
        <p class="notice notice-error">
          {t("revocationRevoked", formatDay(result.revokedAt ?? 0), t(REASON_TEXT[result.reason ?? "unspecified"]), formatDay(crl.thisUpdate))}
        </p>
      )}
      {result.status === "good" && crl && <p>{t("revocationGood", formatDay(crl.thisUpdate), crl.nextUpdate === null ? "—" : formatDay(crl.nextUpdate))}</p>}
      {result.status === "unknown" && <p class="notice notice-warn">{t("revocationUnknown")}</p>}
      {crl && <p class="muted revocation-source">{t("revocationSource", crl.url)}</p>}
      {result.problems.length > 0 && (
        <ul class="revocation-problems">
          {result.problems.map((p, i) => (
            <li key={i} data-problem={p.problem}>
              {t(PROBLEM_TEXT[p.problem])}
              {p.url && <span class="muted"> — {p.url}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The CA's word on the certificate, on the user's click only: the CRL download tells the
 * network which CA the user has, so the button says so before anything is fetched.
 */
export function RevocationCheck({ check }: { check: () => Promise<Revocation> }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Revocation | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const run = () => {
    setBusy(true);
    setError(null);
    check().then(
      (answer) => {
        setResult(answer);
        setBusy(false);
      },
      (failure: unknown) => {
        setError(serializeError(failure));
        setBusy(false);
      },
    );
  };
  return (
    <div class="revocation">
      <button type="button" class="revocation-check" onClick={run} disabled={busy}>
        {t("revocationCheck")}
      </button>
      <p class="muted">{t("revocationPrivacy")}</p>
      {busy && <p role="status">{t("revocationChecking")}</p>}
      {result && !busy && <RevocationResult result={result} />}
      {error && <ErrorNotice error={error} />}
    </div>
  );
}
