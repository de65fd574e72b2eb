/**
 * Builds real, signed X.509 certificates for the parser tests with the same ASN.1 schema
 * classes the parser reads them with, and WebCrypto keys. Unlike @peculiar/x509's generator
 * (which also cannot load here without a Reflect metadata polyfill) this gives exact control
 * over string types (BMPString, NumericString), time encodings and extension contents.
 */

import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  CertificatePolicies,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  KeyUsage,
  Name,
  PolicyInformation,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Time,
  Validity,
} from "@peculiar/asn1-x509";

export type Value = string | { bmp: string } | { printable: string } | { ia5: string } | { numeric: string };
export type Dn = [oid: string, value: Value][];

export interface CertSpec {
  subject: Dn;
  /** Defaults to the subject (self-issued). */
  issuer?: Dn;
  /** Hex content of the serial INTEGER. */
  serial?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** GeneralizedTime instead of UTCTime for both validity dates. */
  generalizedTime?: boolean;
  key?: "ec" | "rsa";
  extensions?: Extension[];
  /** Replaces the generated key's SPKI, for keys WebCrypto cannot make (GOST, malformed). */
  spki?: SubjectPublicKeyInfo;
}

const SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
const RSA_KEY = { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" } as const;
const EC_KEY = { name: "ECDSA", namedCurve: "P-256" } as const;

let issuerKey: Promise<CryptoKeyPair> | undefined;
function signingKey(): Promise<CryptoKeyPair> {
  issuerKey ??= crypto.subtle.generateKey(RSA_KEY, false, ["sign", "verify"]);
  return issuerKey;
}

function numericString(text: string): ArrayBuffer {
  return new Uint8Array([0x12, text.length, ...new TextEncoder().encode(text)]).buffer;
}

function attributeValue(value: Value): AttributeValue {
  if (typeof value === "string") return new AttributeValue({ utf8String: value });
  if ("bmp" in value) return new AttributeValue({ bmpString: value.bmp });
  if ("printable" in value) return new AttributeValue({ printableString: value.printable });
  if ("ia5" in value) return new AttributeValue({ ia5String: value.ia5 });
  return new AttributeValue({ anyValue: numericString(value.numeric) });
}

export function name(dn: Dn): Name {
  return new Name(dn.map(([type, value]) => new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: attributeValue(value) })])));
}

function extension(extnID: string, value: unknown, critical = false): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** Key usage bits by number (0 = digitalSignature ... 8 = decipherOnly). */
export function keyUsageExt(...bits: number[]): Extension {
  const flags = bits.reduce((acc, bit) => acc | (1 << bit), 0);
  return extension("2.5.29.15", new KeyUsage(flags), true);
}

export function ekuExt(...oids: string[]): Extension {
  return extension("2.5.29.37", new ExtendedKeyUsage(oids));
}

export function policiesExt(...oids: string[]): Extension {
  return extension("2.5.29.32", new CertificatePolicies(oids.map((policyIdentifier) => new PolicyInformation({ policyIdentifier }))));
}

export function basicConstraintsExt(cA: boolean): Extension {
  return extension("2.5.29.19", new BasicConstraints({ cA }), true);
}

/** subjectSignTool (1.2.643.100.111) is a bare UTF8String. */
export function signToolExt(text: string): Extension {
  const utf8 = new TextEncoder().encode(text);
  return new Extension({ extnID: "1.2.643.100.111", extnValue: new OctetString(new Uint8Array([0x0c, utf8.length, ...utf8])) });
}

function time(date: Date, generalized: boolean): Time {
  return new Time(generalized ? { generalTime: date } : { utcTime: date });
}

function hexBytes(hex: string): ArrayBuffer {
  return new Uint8Array(hex.match(/../g)!.map((b) => parseInt(b, 16))).buffer;
}

export interface BuiltCertificate {
  der: Uint8Array;
  /** The subject key's SubjectPublicKeyInfo as WebCrypto exports it. */
  spki: Uint8Array;
  publicKey: CryptoKey;
}

const subjectKeys = new Map<string, Promise<CryptoKeyPair>>();

export async function buildCertificate(spec: CertSpec): Promise<BuiltCertificate> {
  const kind = spec.key ?? "ec";
  if (!subjectKeys.has(kind)) {
    subjectKeys.set(kind, crypto.subtle.generateKey(kind === "ec" ? EC_KEY : RSA_KEY, true, ["sign", "verify"]));
  }
  const { publicKey } = await subjectKeys.get(kind)!;
  const spki = new Uint8Array(await crypto.subtle.exportKey("spki", publicKey));
  const signature = new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null });
  const validity = new Validity();
  validity.notBefore = time(spec.notBefore ?? new Date("2026-01-01T00:00:00Z"), spec.generalizedTime ?? false);
  validity.notAfter = time(spec.notAfter ?? new Date("2027-04-01T00:10:00Z"), spec.generalizedTime ?? false);
  const tbs = new TBSCertificate({
    version: 2,
    serialNumber: hexBytes(spec.serial ?? "01"),
    signature,
    issuer: name(spec.issuer ?? spec.subject),
    validity,
    subject: name(spec.subject),
    subjectPublicKeyInfo: spec.spki ?? AsnConvert.parse(spki, SubjectPublicKeyInfo),
    ...(spec.extensions ? { extensions: new Extensions(spec.extensions) } : {}),
  });
  const tbsDer = AsnConvert.serialize(tbs);
  const signatureValue = await crypto.subtle.sign(RSA_KEY.name, (await signingKey()).privateKey, tbsDer);
  const cert = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: signature, signatureValue });
  return { der: new Uint8Array(AsnConvert.serialize(cert)), spki, publicKey };
}
