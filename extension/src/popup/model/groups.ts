import type { KeyPair } from "../../../../shared/protocol/index.ts";
import type { TokenEntry } from "../../messaging/popup-model.ts";
import { certificateView, type CertificateView, type StatusContext } from "./status.ts";

/** A key pair with its certificates, or a certificate without a key pair on the token. */
export interface KeyGroup {
  id: string;
  key: KeyPair | null;
  certificates: CertificateView[];
}

/** Sort key: soonest-expiring usable certificate first, then not-yet-valid, expired, unreadable, bare keys. */
function rank(view: CertificateView): [number, number] {
  const notAfter = view.entry.details?.notAfter ?? 0;
  switch (view.status) {
    case "unreadable":
      return [4, 0];
    case "expired":
      return [3, -notAfter];
    case "notYetValid":
      return [2, notAfter];
    default:
      return [1, notAfter];
  }
}

const compare = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];
const groupRank = (g: KeyGroup): [number, number] => g.certificates.map(rank).sort(compare)[0] ?? [5, 0];

export function keyGroups(entry: TokenEntry, ctx: Omit<StatusContext, "keys">): KeyGroup[] {
  const context = { ...ctx, keys: entry.keys };
  const groups = new Map<string, KeyGroup>(entry.keys.map((key) => [`key:${key.id}`, { id: `key:${key.id}`, key, certificates: [] }]));
  for (const certificate of entry.certificates) {
    const view = certificateView(certificate, context);
    const keyId = certificate.key?.id;
    const group = keyId !== undefined ? groups.get(`key:${keyId}`) : undefined;
    if (group) group.certificates.push(view);
    else groups.set(`cert:${certificate.thumbprint}`, { id: `cert:${certificate.thumbprint}`, key: null, certificates: [view] });
  }
  const list = [...groups.values()];
  for (const group of list) group.certificates.sort((a, b) => compare(rank(a), rank(b)));
  return list.sort((a, b) => compare(groupRank(a), groupRank(b)));
}
