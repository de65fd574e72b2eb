/**
 * Certificates in the shape of those УЦ ФНС России issues (docs/fns-profile.md): subject and issuer
 * attributes, RFC 9215 extensions, GOST 2012-256 signature. Every name says TEST; the identifiers
 * have valid check digits but belong to nobody.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  bitString,
  boolean,
  explicit,
  generalizedTimeBody,
  ia5,
  implicitPrimitive,
  integer,
  numeric,
  octetString,
  oid,
  printable,
  seq,
  set,
  time,
  tlv,
  utf8,
} from "../der.ts";
import { BY_SIZE } from "../gost.ts";

const OID = {
  C: "2.5.4.6",
  ST: "2.5.4.8",
  L: "2.5.4.7",
  STREET: "2.5.4.9",
  O: "2.5.4.10",
  T: "2.5.4.12",
  CN: "2.5.4.3",
  SN: "2.5.4.4",
  G: "2.5.4.42",
  E: "1.2.840.113549.1.9.1",
  INN: "1.2.643.3.131.1.1",
  SNILS: "1.2.643.100.3",
  OGRN: "1.2.643.100.1",
  OGRNIP: "1.2.643.100.5",
  INNLE: "1.2.643.100.4",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  basicConstraints: "2.5.29.19",
  subjectKeyId: "2.5.29.14",
  authorityKeyId: "2.5.29.35",
  certificatePolicies: "2.5.29.32",
  privateKeyUsagePeriod: "2.5.29.16",
  crlDistributionPoints: "2.5.29.31",
  subjectSignTool: "1.2.643.100.111",
  issuerSignTool: "1.2.643.100.112",
  identificationKind: "1.2.643.100.114",
  clientAuth: "1.3.6.1.5.5.7.3.2",
  emailProtection: "1.3.6.1.5.5.7.3.4",
  policyKC1: "1.2.643.100.113.1",
  policyKC2: "1.2.643.100.113.2",
} as const;

export interface Person {
  surname: string;
  /** Имя Отчество. */
  givenNames: string;
  /** 12-digit personal ИНН. */
  inn: string;
  snils: string;
  email?: string;
  /** Present for an individual entrepreneur (ИП). */
  ogrnip?: string;
}

export interface Organisation {
  name: string;
  title: string;
  innle: string;
  ogrn: string;
}

export interface Address {
  region: string;
  locality: string;
  street: string;
}

type Rdn = readonly [string, Buffer];

function name(rdns: readonly Rdn[]): Buffer {
  return seq(...rdns.map(([type, value]) => set(seq(oid(type), value))));
}

export function subjectName(person: Person, address: Address, org?: Organisation): Buffer {
  const fullName = `${person.surname} ${person.givenNames}`;
  const rdns: Rdn[] = [];
  if (org) rdns.push([OID.T, utf8(org.title)], [OID.O, utf8(org.name)]);
  rdns.push(
    [OID.CN, utf8(org ? org.name : fullName)],
    [OID.SN, utf8(person.surname)],
    [OID.G, utf8(person.givenNames)],
    [OID.C, printable("RU")],
    [OID.ST, utf8(address.region)],
    [OID.L, utf8(address.locality)],
    [OID.STREET, utf8(address.street)],
  );
  if (person.email) rdns.push([OID.E, ia5(person.email)]);
  if (org) rdns.push([OID.INNLE, numeric(org.innle)], [OID.OGRN, numeric(org.ogrn)]);
  if (person.ogrnip) rdns.push([OID.OGRNIP, numeric(person.ogrnip)]);
  rdns.push([OID.SNILS, numeric(person.snils)], [OID.INN, numeric(person.inn)]);
  return name(rdns);
}

export interface CaIdentity {
  name: string;
  innle: string;
  ogrn: string;
  email: string;
  address: Address;
}

export function caName(ca: CaIdentity): Buffer {
  return name([
    [OID.E, ia5(ca.email)],
    [OID.INNLE, numeric(ca.innle)],
    [OID.OGRN, numeric(ca.ogrn)],
    [OID.C, printable("RU")],
    [OID.ST, utf8(ca.address.region)],
    [OID.L, utf8(ca.address.locality)],
    [OID.STREET, utf8(ca.address.street)],
    [OID.O, utf8(ca.name)],
    [OID.CN, utf8(ca.name)],
  ]);
}

function extension(type: string, critical: boolean, value: Buffer): Buffer {
  return critical ? seq(oid(type), boolean(true), octetString(value)) : seq(oid(type), octetString(value));
}

export function keyIdentifier(publicValue: Uint8Array): Buffer {
  return createHash("sha1").update(publicValue).digest();
}

const SIGN_TOOL = "Средство электронной подписи: kep-bridge SoftToken TEST (не для настоящих ключей)";

export interface TbsInput {
  issuer: Buffer;
  subject: Buffer;
  spki: Buffer;
  /** Raw public value of the subject key (for the key identifier). */
  subjectKey: Uint8Array;
  /** Raw public value of the issuer key. */
  issuerKey: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  ca: boolean;
  serial?: Buffer;
}

/** TBSCertificate with the FNS extension set (end entity) or a CA profile. */
export function tbsCertificate(input: TbsInput): Buffer {
  const exts: Buffer[] = [
    extension(OID.subjectKeyId, false, octetString(keyIdentifier(input.subjectKey))),
    extension(OID.subjectSignTool, false, utf8(SIGN_TOOL)),
  ];
  if (input.ca) {
    exts.push(
      extension(OID.basicConstraints, true, seq(boolean(true))),
      // keyCertSign, cRLSign, digitalSignature, nonRepudiation
      extension(OID.keyUsage, true, tlv(0x03, Buffer.from([0x01, 0xc6]))),
    );
  } else {
    exts.push(
      extension(OID.authorityKeyId, false, seq(implicitPrimitive(0, keyIdentifier(input.issuerKey)))),
      extension(OID.basicConstraints, false, seq()),
      // digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment ("1111")
      extension(OID.keyUsage, true, tlv(0x03, Buffer.from([0x04, 0xf0]))),
      extension(OID.extKeyUsage, false, seq(oid(OID.clientAuth), oid(OID.emailProtection))),
      extension(OID.certificatePolicies, false, seq(seq(oid(OID.policyKC1)), seq(oid(OID.policyKC2)))),
      extension(
        OID.issuerSignTool,
        false,
        seq(
          utf8("kep-bridge SoftToken TEST"),
          utf8("Тестовый УЦ kep-bridge (TEST)"),
          utf8("Сертификат соответствия TEST-0000 (тестовый)"),
          utf8("Сертификат соответствия TEST-0001 (тестовый)"),
        ),
      ),
      extension(OID.privateKeyUsagePeriod, false, seq(tlv(0x80, generalizedTimeBody(input.notBefore)), tlv(0x81, generalizedTimeBody(input.notAfter)))),
      extension(OID.identificationKind, false, integer(0)),
      extension(OID.crlDistributionPoints, false, seq(seq(explicit(0, tlv(0xa0, tlv(0x86, Buffer.from("http://test-ca.kep-bridge.invalid/test.crl"))))))),
    );
  }
  return seq(
    explicit(0, integer(2)),
    integer(input.serial ?? Buffer.concat([Buffer.from([0x01]), randomBytes(15)])),
    seq(oid(BY_SIZE[256].sigAlgOid)),
    input.issuer,
    seq(time(input.notBefore), time(input.notAfter)),
    input.subject,
    input.spki,
    explicit(3, seq(...exts)),
  );
}

/** Certificate = TBS + algorithm + s||r signature over Streebog-256(TBS). */
export function assembleCertificate(tbs: Buffer, signature: Buffer): Buffer {
  return seq(tbs, seq(oid(BY_SIZE[256].sigAlgOid)), bitString(signature));
}

/** FNS validity: exactly 15 months + 10 minutes (docs/fns-profile.md#fns-certificates). */
export function fnsValidity(notBefore: Date): { notBefore: Date; notAfter: Date } {
  const notAfter = new Date(notBefore);
  notAfter.setUTCMonth(notAfter.getUTCMonth() + 15);
  notAfter.setUTCMinutes(notAfter.getUTCMinutes() + 10);
  return { notBefore, notAfter };
}
