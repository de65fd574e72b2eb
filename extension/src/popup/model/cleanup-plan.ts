import type { DeleteItem } from "../../../../shared/protocol/index.ts";
import type { BackupSummary, TokenEntry } from "../../messaging/popup-model.ts";
import { keyGroups } from "./groups.ts";
import { isInForce, type StatusContext } from "./status.ts";

export type CleanupReason = "expired" | "revoked" | "reportedRevoked" | "superseded" | "orphanKey" | "unreadable" | "keyWithoutCertificate" | "inUse";

export interface Candidate {
  item: DeleteItem;
  reason: CleanupReason;
  /** Owner or label: what the user recognises. */
  title: string;
  /** Bytes this object is estimated to take on the token. */
  size: number;
  /** Pre-checked: outdated, safe to remove. */
  proposed: boolean;
  /** A certificate in force or a key pair one uses: picking it needs an explicit second warning. */
  inForce: boolean;
}

const base64Bytes = (b64: string) => Math.floor((b64.length * 3) / 4) - (b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0);

/**
 * What cleanup offers. Outdated objects (expired, unreadable, keys left without a
 * certificate in force) come pre-checked; certificates in force, including ones superseded
 * by a newer certificate of the same owner and issuer and ones a site reported revoked
 * (page text, not the CA's word), are offered unchecked behind a warning; a key pair without a certificate may be waiting for one (a reissue in
 * progress), so it is offered unchecked too — unless cleanup itself deleted its outdated
 * certificate (a backup says so), as when an earlier run stopped half-way.
 */
export function cleanupPlan(entry: TokenEntry, ctx: Omit<StatusContext, "keys">, backups: BackupSummary[] = []): Candidate[] {
  const candidates: Candidate[] = [];
  const groups = keyGroups(entry, ctx);
  const newest = new Map<string, number>();
  for (const c of entry.certificates) {
    if (!c.details) continue;
    const who = `${c.details.owner}\u0000${c.details.issuerName}`;
    newest.set(who, Math.max(newest.get(who) ?? 0, c.details.notAfter));
  }
  for (const group of groups) {
    for (const view of group.certificates) {
      const { entry: c } = view;
      const item: DeleteItem = { kind: "certificate", thumbprint: c.thumbprint };
      const title = c.details?.owner ?? c.label;
      const size = base64Bytes(c.der);
      if (!isInForce(view)) {
        const reason = view.status === "unreadable" ? "unreadable" : "expired";
        candidates.push({ item, reason, title, size, proposed: true, inForce: false });
        continue;
      }
      const superseded = (newest.get(`${c.details!.owner}\u0000${c.details!.issuerName}`) ?? 0) > c.details!.notAfter;
      const reason = view.status === "revoked" || view.status === "reportedRevoked" ? view.status : superseded ? "superseded" : "inUse";
      candidates.push({ item, reason, title, size, proposed: false, inForce: true });
    }
    if (!group.key) continue;
    const key = group.key;
    const item: DeleteItem = { kind: "keyPair", id: key.id };
    const size = key.publicKey ? (base64Bytes(key.publicKey) * 3) / 2 : 96;
    const title = key.label || group.certificates[0]?.entry.details?.owner || key.id;
    if (group.certificates.some(isInForce)) candidates.push({ item, reason: "inUse", title, size, proposed: false, inForce: true });
    else if (group.certificates.length > 0 || lostOutdatedCertificate(backups, entry.token.serial, key.id, ctx.now))
      candidates.push({ item, reason: "orphanKey", title, size, proposed: true, inForce: false });
    else candidates.push({ item, reason: "keyWithoutCertificate", title, size, proposed: false, inForce: false });
  }
  return candidates;
}

function lostOutdatedCertificate(backups: BackupSummary[], serial: string, keyId: string, now: number): boolean {
  return backups.some((b) => b.tokenSerial === serial && b.keyId === keyId && b.notAfter !== null && b.notAfter < now);
}

export const itemKey = (item: DeleteItem) => (item.kind === "certificate" ? `c:${item.thumbprint}` : `k:${item.id}`);
