import { useState } from "preact/hooks";
import type { Revocation } from "../../../../shared/protocol/index.ts";
import type { CleanupReport, PopupModel, TokenEntry } from "../../messaging/popup-model.ts";
import { t } from "../../ui/i18n.ts";
import type { PopupApi } from "../api.ts";
import { keyGroups } from "../model/groups.ts";
import { checkRevocation } from "../revocation-api.ts";
import { CleanupDialog } from "./CleanupDialog.tsx";
import { CleanupResult } from "./CleanupResult.tsx";
import { ErrorNotice } from "./ErrorNotice.tsx";
import { KeyGroupCard } from "./KeyGroupCard.tsx";
import { MemoryBar } from "./MemoryBar.tsx";
import { PinState } from "./PinState.tsx";

export interface TokenCardProps {
  entry: TokenEntry;
  model: PopupModel;
  now: Date;
  api: PopupApi;
  report: CleanupReport | undefined;
  /** Open with the cleanup dialog showing. */
  startCleaning?: boolean;
  onCleaned: (serial: string, report: CleanupReport) => void;
}

export function TokenCard({ entry, model, now, api, report, onCleaned, startCleaning = false }: TokenCardProps) {
  const [cleaning, setCleaning] = useState(startCleaning);
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  // What CRL checks in this popup said, so a card changes as soon as its check answers.
  const [verdicts, setVerdicts] = useState<Readonly<Record<string, "good" | "revoked">>>({});
  const { token, error } = entry;
  const caRevoked = new Set(model.caRevoked);
  for (const [thumbprint, verdict] of Object.entries(verdicts)) {
    if (verdict === "revoked") caRevoked.add(thumbprint);
    else caRevoked.delete(thumbprint);
  }
  const ctx = { now: now.getTime(), warnDays: model.warnDays, reportedRevoked: new Set(model.revoked), caRevoked };
  const askCrl = async (thumbprint: string): Promise<Revocation> => {
    const result = await checkRevocation({ module: token.module, serial: token.serial }, thumbprint);
    const verdict = result.status;
    if (verdict !== "unknown") setVerdicts((v) => ({ ...v, [thumbprint]: verdict }));
    return result;
  };
  const groups = keyGroups(entry, ctx);
  const isTestToken = /\bTEST\b/.test(`${token.manufacturer} ${token.model}`);
  const empty = entry.certificates.length === 0 && entry.keys.length === 0;
  return (
    <section class="token" data-serial={token.serial} aria-labelledby={`token-${token.serial}`}>
      <div class="token-head">
        <h2 class="token-title" id={`token-${token.serial}`}>
          {token.label || token.model}
        </h2>
        {!error && !empty && !cleaning && (
          <button type="button" class="cleanup-open" onClick={() => setCleaning(true)}>
            {t("cleanupOpen")}
          </button>
        )}
      </div>
      <p class="token-meta">
        {[token.manufacturer, token.model].filter(Boolean).join(" · ")} · {t("serial", token.serial)}
      </p>
      <MemoryBar memory={token.memory} />
      {isTestToken && <p class="badge badge-test">{t("testToken")}</p>}
      <PinState pin={token.pin} />
      {error && <ErrorNotice error={error} />}
      {report && <CleanupResult report={report} entry={entry} backups={model.backups} />}
      {cleaning && (
        <CleanupDialog
          entry={entry}
          ctx={ctx}
          backups={model.backups}
          api={api}
          onClose={() => setCleaning(false)}
          onDone={(result) => {
            setCleaning(false);
            onCleaned(token.serial, result);
          }}
        />
      )}
      {!error && empty && <p class="muted">{t("noCertificates")}</p>}
      <ul
        class="groups"
        onClick={(event) => {
          const thumbprint = toggledCertificate(event);
          if (thumbprint !== undefined) setOpened((open) => toggled(open, thumbprint));
        }}
      >
        {groups.map((group) => (
          <KeyGroupCard key={group.id} group={group} checkRevocation={askCrl} opened={opened} />
        ))}
      </ul>
    </section>
  );
}

/** The certificate whose details toggle was clicked: one listener serves every card of the token. */
const toggledCertificate = (event: MouseEvent) =>
  (event.target as Element).closest(".details-toggle")?.closest<HTMLElement>(".certificate")?.dataset.thumbprint;

function toggled(open: ReadonlySet<string>, thumbprint: string): ReadonlySet<string> {
  const next = new Set(open);
  if (!next.delete(thumbprint)) next.add(thumbprint);
  return next;
}
