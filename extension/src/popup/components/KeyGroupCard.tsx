import type { Revocation } from "../../../../shared/protocol/index.ts";
import { t } from "../../ui/i18n.ts";
import type { KeyGroup } from "../model/groups.ts";
import { CertificateCard } from "./CertificateCard.tsx";

/** One key pair and the certificates issued for it; a bare certificate forms a group of its own. */
export interface KeyGroupCardProps {
  group: KeyGroup;
  /** The CA's CRL about one of the token's certificates, asked on the user's click. */
  checkRevocation: (thumbprint: string) => Promise<Revocation>;
  opened: ReadonlySet<string>;
}

export function KeyGroupCard({ group, checkRevocation, opened }: KeyGroupCardProps) {
  return (
    <li class="group" data-key-id={group.key?.id}>
      {group.key && group.certificates.length > 1 && (
        <p class="group-title muted">{t("keyPairWith", group.key.label || group.key.id, group.certificates.length)}</p>
      )}
      {group.key && group.certificates.length === 0 && (
        <p class="key-only" data-key-id={group.key.id}>
          {t("keyWithoutCertificate", group.key.label || group.key.id)}
        </p>
      )}
      {group.certificates.length > 0 && (
        <ul class="certificates">
          {group.certificates.map((view) => (
            <CertificateCard
              key={view.entry.thumbprint}
              view={view}
              checkRevocation={() => checkRevocation(view.entry.thumbprint)}
              open={opened.has(view.entry.thumbprint)}
            />
          ))}
        </ul>
      )}
    </li>
  );
}
