import { AsnConvert, AsnProp } from "@peculiar/asn1-schema";
import {
  BasicConstraints,
  CertificatePolicies,
  ExtendedKeyUsage,
  id_ce_subjectAltName,
  KeyUsage,
  SubjectAlternativeName,
  type Extension,
  type GeneralName,
} from "@peculiar/asn1-x509";
import { CertificateParseError } from "../x509/errors.ts";
import { EXTENSIONS, KEY_USAGE_BITS, POLICIES } from "../x509/oids.ts";
import type { IssuerSignTool, ProtectionClass } from "../x509/types.ts";
import { certificateExtension, type DecodedCertificate } from "./certificate.ts";
import { isSingleValue } from "./single-value.ts";
import { AnyString, decodeDerString } from "./strings.ts";

export interface ExtensionInfo {
  keyUsage: string[];
  extendedKeyUsage: string[];
  policies: string[];
  isCa: boolean;
  subjectSignTool: string | null;
  issuerSignTool: IssuerSignTool | null;
}

/**
 * issuerSignTool: SEQUENCE of four UTF8Strings (docs/fns-profile.md#identifiers-and-extensions;
 * Приказ ФСБ № 795, п. 18); read with any string type, as the other extension strings are.
 */
class IssuerSignToolValue {
  signTool = new AnyString();
  caTool = new AnyString();
  signToolCertificate = new AnyString();
  caToolCertificate = new AnyString();
}
for (const field of ["signTool", "caTool", "signToolCertificate", "caToolCertificate"] as const) {
  AsnProp({ type: AnyString })(IssuerSignToolValue.prototype, field);
}

function issuerSignToolOf(value: IssuerSignToolValue): IssuerSignTool {
  return {
    signTool: value.signTool.text(),
    caTool: value.caTool.text(),
    signToolCertificate: value.signToolCertificate.text(),
    caToolCertificate: value.caToolCertificate.text(),
  };
}

function parseValue<T>(ext: Extension, target: new () => T, what: string): T {
  if (!isSingleValue(new Uint8Array(ext.extnValue.buffer))) throw new CertificateParseError(`malformed ${what} extension`);
  try {
    return AsnConvert.parse(ext.extnValue, target);
  } catch (cause) {
    throw new CertificateParseError(`malformed ${what} extension`, { cause });
  }
}

function keyUsageNames(usage: KeyUsage): string[] {
  const bytes = new Uint8Array(usage.value);
  // Bit 0 is the most significant bit of the first byte (DER BIT STRING order).
  return KEY_USAGE_BITS.filter((_, bit) => ((bytes[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1);
}

export function parseExtensions(extensions: readonly Extension[]): ExtensionInfo {
  const info: ExtensionInfo = { keyUsage: [], extendedKeyUsage: [], policies: [], isCa: false, subjectSignTool: null, issuerSignTool: null };
  for (const ext of extensions) {
    switch (ext.extnID) {
      case EXTENSIONS.keyUsage:
        info.keyUsage = keyUsageNames(parseValue(ext, KeyUsage, "keyUsage"));
        break;
      case EXTENSIONS.extendedKeyUsage:
        info.extendedKeyUsage = [...parseValue(ext, ExtendedKeyUsage, "extendedKeyUsage")];
        break;
      case EXTENSIONS.certificatePolicies:
        info.policies = parseValue(ext, CertificatePolicies, "certificatePolicies").map((p) => p.policyIdentifier);
        break;
      case EXTENSIONS.basicConstraints:
        info.isCa = parseValue(ext, BasicConstraints, "basicConstraints").cA;
        break;
      case EXTENSIONS.subjectSignTool:
        info.subjectSignTool = decodeDerString(new Uint8Array(ext.extnValue.buffer));
        break;
      case EXTENSIONS.issuerSignTool:
        info.issuerSignTool = issuerSignToolOf(parseValue(ext, IssuerSignToolValue, "issuerSignTool"));
        break;
    }
  }
  return info;
}

/** The subjectAltName entries, or null when the certificate has none (then RFC 6125 falls back to the CN). */
export function subjectAlternativeNames(certificate: DecodedCertificate): GeneralName[] | null {
  const extension = certificateExtension(certificate, id_ce_subjectAltName);
  return extension ? [...parseValue(extension, SubjectAlternativeName, "subjectAltName")] : null;
}

const CLASSES_STRONGEST_FIRST: readonly ProtectionClass[] = ["КС3", "КС2", "КС1"];

/**
 * A certificate lists every class its signing tool meets (FNS writes КС1 and КС2 together,
 * docs/fns-profile.md#identifiers-and-extensions), and a higher class includes the lower ones, so the highest listed one is the
 * tool's class. КВ/КА classes are outside what the UI shows and are ignored.
 */
export function protectionClassOf(policies: readonly string[]): ProtectionClass | null {
  const listed = policies.map((oid) => POLICIES[oid]);
  return CLASSES_STRONGEST_FIRST.find((c) => listed.includes(c)) ?? null;
}
