/**
 * FNS-profile certificates as the GOST soft token's provisioning writes them (the same
 * subject, issuer and extension set as real FNS certificates, docs/fns-profile.md), with
 * hooks to make the odd encodings the decoder must refuse or keep byte for byte. The
 * signature is not a real one: decoding does not verify it.
 */
import { paramSet } from "../../softtoken/gost.ts";
import { bitString, children, oid, readTlv, seq, tlv } from "../../softtoken/der.ts";
import { TEST_CA } from "../../softtoken/provision/ca.ts";
import { caName, subjectName, tbsCertificate, type Organisation, type Person } from "../../softtoken/provision/fns.ts";
import { spkiFromTokenValue } from "../../softtoken/spki.ts";

export const PERSON: Person = {
  surname: "Иванов",
  givenNames: "Иван Иванович",
  inn: "500100732259",
  snils: "11223344595",
  email: "ivanov@example.ru",
  ogrnip: "304500116000157",
};
export const ORGANISATION: Organisation = { name: "ООО «Ромашка»", title: "Генеральный директор", innle: "7707083893", ogrn: "1027700132195" };
const ADDRESS = { region: "77 Москва", locality: "г. Москва", street: "ул. Тестовая, д. 1" };

const SIGNATURE_ALGORITHM = "1.2.643.7.1.1.3.2";
export const PUBLIC_VALUE = Uint8Array.from({ length: 64 }, (_, i) => i + 1);

export interface FnsCertificateSpec {
  organisation?: boolean;
  serial?: Buffer;
  /** Replaces the TBS's validity SEQUENCE, to encode times the decoder must judge. */
  validity?: Buffer;
}

/** tag + text, for time values the helpers would never write. */
export const timeTlv = (tag: number, text: string): Buffer => tlv(tag, Buffer.from(text, "latin1"));

export function fnsCertificate(spec: FnsCertificateSpec = {}): Buffer {
  const tbs = tbsCertificate({
    issuer: caName(TEST_CA),
    subject: subjectName(PERSON, ADDRESS, spec.organisation ? ORGANISATION : undefined),
    spki: spkiFromTokenValue(PUBLIC_VALUE, paramSet("CryptoPro-A")),
    subjectKey: PUBLIC_VALUE,
    issuerKey: PUBLIC_VALUE,
    notBefore: new Date("2025-03-01T09:00:00Z"),
    notAfter: new Date("2026-06-01T09:10:00Z"),
    ca: false,
    serial: spec.serial ?? Buffer.from("01b2c3d4e5f60718293a4b5c6d7e8f90", "hex"),
  });
  const withValidity = spec.validity ? replaceValidity(tbs, spec.validity) : tbs;
  return seq(withValidity, seq(oid(SIGNATURE_ALGORITHM)), bitString(Buffer.alloc(64, 0x5a)));
}

/** The TBS with its fifth field (validity) swapped. */
function replaceValidity(tbs: Buffer, validity: Buffer): Buffer {
  const fields = children(readTlv(tbs)).map((field) => field.raw);
  fields[4] = validity;
  return seq(...fields);
}
