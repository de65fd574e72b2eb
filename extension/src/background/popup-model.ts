import type { BackupSummary, PopupModel, TokenEntry } from "../messaging/popup-model.ts";
import { listBackups } from "../storage/backups.ts";
import { journalList, revokedThumbprints } from "../storage/journal.ts";
import { caRevokedThumbprints } from "./revocation.ts";
import type { JournalRun } from "../messaging/popup-model.ts";
import { stepOf } from "./journal-recorder.ts";
import { loadSettings } from "../storage/settings.ts";
import { certificateDetails } from "./certificate-details.ts";
import { noteTokens } from "./expiry-watch.ts";
import type { NativeHostClient } from "./native-host.ts";
import { buildOverview } from "./overview.ts";

/** How many reissue runs the popup lists: the current one and a little history. */
const JOURNAL_RUNS = 3;

async function journalRuns(): Promise<JournalRun[]> {
  return (await journalList()).slice(0, JOURNAL_RUNS).map((run) => ({
    id: run.id,
    startedAt: run.startedAt,
    status: run.status,
    step: Math.max(0, ...run.steps.map((s) => stepOf(s.step) ?? 0)),
    lastAt: run.steps.at(-1)?.at ?? run.startedAt,
    newThumbprint: run.newThumbprint ?? null,
    revokedThumbprint: run.revokedThumbprint ?? null,
  }));
}

async function backupSummaries(): Promise<BackupSummary[]> {
  return (await listBackups()).map((backup) => {
    const details = certificateDetails(backup.der);
    return { ...backup, owner: details?.owner ?? null, notAfter: details?.notAfter ?? null };
  });
}

/**
 * Everything the popup shows, parsed here so the popup stays small. Opening the popup is
 * also one of the expiry watch's moments: what the tokens hold now is recorded and checked,
 * after the answer is on its way.
 */
export async function buildPopupModel(host: NativeHostClient): Promise<PopupModel> {
  const [overview, settings, revoked, caRevoked, backups, journal] = await Promise.all([
    buildOverview(host),
    loadSettings(),
    revokedThumbprints(),
    caRevokedThumbprints(),
    backupSummaries(),
    journalRuns(),
  ]);
  const tokens = overview.tokens.map(({ token, objects, error }): TokenEntry => ({
    token: objects?.token ?? token,
    loggedIn: objects?.loggedIn ?? false,
    certificates: (objects?.certificates ?? []).map((c) => ({
      thumbprint: c.thumbprint,
      id: c.id,
      label: c.label,
      der: c.der,
      key: c.key,
      details: certificateDetails(c.der),
    })),
    keys: objects?.keys ?? [],
    ...(error ? { error } : {}),
  }));
  // The watch's bookkeeping need not delay the popup.
  void noteTokens(tokens).catch((error: unknown) => console.error("recording seen certificates failed", error));
  return {
    host: overview.host,
    modules: overview.modules,
    tokens,
    unusable: overview.unusable,
    warnDays: settings.warnDays,
    revoked,
    caRevoked,
    backups,
    journal,
  };
}
