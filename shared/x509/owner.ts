import type { NameInfo } from "./types.ts";

/** "Фамилия Имя Отчество" from SN and G (the FNS profile puts name and patronymic in G). */
function personName(name: NameInfo): string | undefined {
  const parts = [name.surname, name.givenName].map((p) => p?.trim()).filter((p) => p);
  return parts.length > 0 ? parts.join(" ") : undefined;
}

/** ЮЛ certificates carry O or ИНН ЮЛ / ОГРН; ИП and ФЛ certificates carry neither. */
function isOrganisation(name: NameInfo): boolean {
  return name.organization !== undefined || name.innle !== undefined || name.ogrn !== undefined;
}

/**
 * The label a user recognises a certificate by.
 * - Person (ФЛ, ИП): "Фамилия Имя Отчество", falling back to CN.
 * - Organisation (ЮЛ): "Фамилия Имя Отчество, ООО «Ромашка»". The organisation alone (its CN
 *   is usually the organisation name) would make the certificates of every employee of one
 *   company look the same, and the person alone would hide that the token signs for the
 *   company; both together tell which token is whose and for what. An organisation
 *   certificate without a person in it shows just the organisation.
 */
export function ownerOf(subject: NameInfo): string {
  const person = personName(subject);
  if (isOrganisation(subject)) {
    const organisation = subject.organization ?? subject.commonName;
    if (person !== undefined && organisation !== undefined && organisation !== person) {
      return `${person}, ${organisation}`;
    }
    return person ?? organisation ?? "";
  }
  return person ?? subject.commonName ?? subject.attributes[0]?.value ?? "";
}

export function issuerNameOf(issuer: NameInfo): string {
  return issuer.commonName ?? issuer.organization ?? issuer.attributes[0]?.value ?? "";
}
