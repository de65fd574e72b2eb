/**
 * Certification authorities the UI recognises by name. An issuer matches by its legal-entity
 * INN (ИНН ЮЛ, or the legacy "00"-prefixed INN) or by one of the names appearing in its CN
 * or O. FNS values are from docs/fns-profile.md#fns-certificates (the issuer DN of real FNS certificates); the
 * Treasury is matched by name only, because its INN was not checked against a real
 * certificate.
 */

import type { KnownIssuerId, NameInfo } from "./types.ts";

interface KnownIssuer {
  id: KnownIssuerId;
  innle: readonly string[];
  names: readonly string[];
}

const KNOWN_ISSUERS: readonly KnownIssuer[] = [
  { id: "fns", innle: ["7707329152"], names: ["Федеральная налоговая служба"] },
  { id: "treasury", innle: [], names: ["Федеральное казначейство", "Казначейство России"] },
];

/** The 10-digit legal-entity INN: ИНН ЮЛ, else ИНН as 10 digits or the legacy "00" + 10 digits. */
function legalEntityInn(name: NameInfo): string | undefined {
  if (name.innle !== undefined) return name.innle;
  if (name.inn?.length === 10) return name.inn;
  return name.inn?.length === 12 && name.inn.startsWith("00") ? name.inn.slice(2) : undefined;
}

export function knownIssuerOf(issuer: NameInfo): KnownIssuerId | null {
  const inn = legalEntityInn(issuer);
  const texts = [issuer.commonName, issuer.organization].map((t) => t?.toLowerCase() ?? "");
  const match = KNOWN_ISSUERS.find(
    (ca) => (inn !== undefined && ca.innle.includes(inn)) || ca.names.some((n) => texts.some((t) => t.includes(n.toLowerCase()))),
  );
  return match?.id ?? null;
}
