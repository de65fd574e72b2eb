import { CadesCollection } from "./collection.ts";
import { Certificate, type CertificateEntry } from "./certificate.ts";
import { CADES_CONSTANTS, CERTENROLL } from "./constants.ts";
import { formatName } from "./distinguished-name.ts";
import { invalidArg, notImplemented } from "./errors.ts";

const C = CADES_CONSTANTS;

function timeValidAt(entry: CertificateEntry, at: number): boolean {
  return entry.info.notBefore.getTime() <= at && at <= entry.info.notAfter.getTime();
}

function atTime(criteria: unknown): number {
  if (criteria === undefined || criteria === null || criteria === "") return Date.now();
  const at = new Date(criteria as string | number | Date).getTime();
  if (Number.isNaN(at)) throw invalidArg("Неверная дата");
  return at;
}

/** KEY_USAGE criteria: CAPICOM_KEY_USAGE bits (all must be set) or a usage name. */
function hasKeyUsage(entry: CertificateEntry, criteria: unknown): boolean {
  const usages = entry.info.keyUsage;
  if (typeof criteria === "number") {
    return CERTENROLL.keyUsageFlags.every(([name, bit]) => !(criteria & bit) || usages.includes(name));
  }
  if (typeof criteria === "string") {
    const wanted = criteria
      .replace(/^CAPICOM_/i, "")
      .replace(/_KEY_USAGE$/i, "")
      .replace(/_/g, "")
      .toLowerCase();
    return usages.some((u) => u.toLowerCase() === wanted);
  }
  throw invalidArg("Неверный критерий KEY_USAGE");
}

function matches(entry: CertificateEntry, type: number, criteria: unknown): boolean {
  const text = typeof criteria === "string" ? criteria : String(criteria ?? "");
  switch (type) {
    case C.CAPICOM_CERTIFICATE_FIND_SHA1_HASH:
      return entry.thumbprint === text.replace(/\s/g, "").toUpperCase();
    case C.CAPICOM_CERTIFICATE_FIND_SUBJECT_NAME:
      return formatName(entry.info.subject.attributes).toLowerCase().includes(text.toLowerCase());
    case C.CAPICOM_CERTIFICATE_FIND_ISSUER_NAME:
      return formatName(entry.info.issuer.attributes).toLowerCase().includes(text.toLowerCase());
    case C.CAPICOM_CERTIFICATE_FIND_EXTENDED_PROPERTY:
      // Only "has a private key" (KEY_PROV_INFO) is a property the token can answer.
      return Number(criteria) === C.CAPICOM_PROPID_KEY_PROV_INFO && entry.hasPrivateKey;
    case C.CAPICOM_CERTIFICATE_FIND_APPLICATION_POLICY:
      return entry.info.extendedKeyUsage.includes(text);
    case C.CAPICOM_CERTIFICATE_FIND_CERTIFICATE_POLICY:
      return entry.info.policies.includes(text);
    case C.CAPICOM_CERTIFICATE_FIND_TIME_VALID:
      return timeValidAt(entry, atTime(criteria));
    case C.CAPICOM_CERTIFICATE_FIND_TIME_NOT_YET_VALID:
      return entry.info.notBefore.getTime() > atTime(criteria);
    case C.CAPICOM_CERTIFICATE_FIND_TIME_EXPIRED:
      return entry.info.notAfter.getTime() < atTime(criteria);
    case C.CAPICOM_CERTIFICATE_FIND_KEY_USAGE:
      return hasKeyUsage(entry, criteria);
    default:
      throw notImplemented(`Certificates.Find(${String(type)})`);
  }
}

/** CAdESCOM.Certificates: a snapshot of a store, filtered by Find into new collections. */
export class Certificates extends CadesCollection<Certificate> {
  constructor(private readonly entries: readonly CertificateEntry[]) {
    super(entries.map((e) => new Certificate(e)));
  }

  Find(type: number, criteria?: unknown, validOnly = false): Certificates {
    const now = Date.now();
    return new Certificates(this.entries.filter((e) => matches(e, type, criteria) && (!validOnly || timeValidAt(e, now))));
  }
}
