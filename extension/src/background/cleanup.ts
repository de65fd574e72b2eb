import { KepError, type DeleteItem, type TokenRef } from "../../../shared/protocol/index.ts";
import type { CleanupReport } from "../messaging/popup-model.ts";
import { deleteBackups, getBackup, putBackups } from "../storage/backups.ts";
import { forgetSeen } from "../storage/seen.ts";
import type { BackupRecord } from "../storage/schema.ts";
import { certificateDetails } from "./certificate-details.ts";
import type { NativeHostClient } from "./native-host.ts";

const certificateThumbprints = (items: DeleteItem[]) => items.flatMap((i) => (i.kind === "certificate" ? [i.thumbprint] : []));

/**
 * Deletes what the user picked, backing every readable certificate up first: a backup
 * that exists before the deletion survives a crash half-way. Backups of certificates that
 * stayed on the token are dropped again so the restore list shows only what is gone.
 */
export async function runCleanup(
  host: NativeHostClient,
  request: { token: TokenRef; items: DeleteItem[]; force?: boolean | undefined },
): Promise<CleanupReport> {
  const { token, items } = request;
  const picked = new Set(certificateThumbprints(items));
  const objects = await host.call("listObjects", { token });
  const now = Date.now();
  const backups: BackupRecord[] = objects.certificates
    // Unreadable objects are not certificates: nothing could write them back.
    .filter((c) => picked.has(c.thumbprint) && certificateDetails(c.der) !== null)
    .map((c) => ({ thumbprint: c.thumbprint, der: c.der, tokenSerial: token.serial, deletedAt: now, label: c.label, ...(c.key ? { keyId: c.key.id } : {}) }));
  await putBackups(backups);

  let result;
  try {
    result = await host.call("deleteObjects", { token, items, ...(request.force ? { force: true } : {}) });
  } catch (error) {
    await keepBackupsOfWhatIsGone(host, token, backups);
    throw error;
  }
  const stillThere = new Set(certificateThumbprints(result.notDeleted.map((n) => n.item)));
  await deleteBackups(backups.filter((b) => stillThere.has(b.thumbprint)).map((b) => b.thumbprint));
  const deleted = result.deleted.map((d) => d.item);
  await forgetSeen(certificateThumbprints(deleted));
  return { deleted, notDeleted: result.notDeleted, backedUp: backups.filter((b) => !stillThere.has(b.thumbprint)).map((b) => b.thumbprint) };
}

/** After a failed request, look: only certificates no longer on the token keep their backups. */
async function keepBackupsOfWhatIsGone(host: NativeHostClient, token: TokenRef, backups: BackupRecord[]): Promise<void> {
  try {
    const present = new Set((await host.call("listObjects", { token })).certificates.map((c) => c.thumbprint));
    await deleteBackups(backups.filter((b) => present.has(b.thumbprint)).map((b) => b.thumbprint));
  } catch {
    // The token is unreachable: keeping a backup too many is the safe side.
  }
}

/** Writes a backed-up certificate back; the host refuses (KEY_NOT_FOUND) unless its key pair is on the token. */
export async function restoreCertificate(host: NativeHostClient, request: { token: TokenRef; thumbprint: string }): Promise<{ written: boolean }> {
  const backup = await getBackup(request.thumbprint);
  if (!backup) throw new KepError("CERT_NOT_FOUND", `no backup of ${request.thumbprint}`);
  const result = await host.call("writeCertificate", { token: request.token, der: backup.der, label: backup.label });
  await deleteBackups([backup.thumbprint]);
  return { written: result.written };
}
