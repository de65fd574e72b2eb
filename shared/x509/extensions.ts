import { AsnConvert } from "@peculiar/asn1-schema";
import { BasicConstraints, CertificatePolicies, ExtendedKeyUsage, KeyUsage, type Extension } from "@peculiar/asn1-x509";
import { CertificateParseError } from "./errors.ts";
import { EXTENSIONS, KEY_USAGE_BITS, POLICIES } from "./oids.ts";
import { decodeDerString } from "./strings.ts";
import { readChildren, readTlv } from "./tlv.ts";
import type { IssuerSignTool, ProtectionClass } from "./types.ts";

export interface ExtensionInfo {
  keyUsage: string[];
  extendedKeyUsage: string[];
  policies: string[];
  isCa: boolean;
  subjectSignTool: string | null;
  issuerSignTool: IssuerSignTool | null;
}

function parseValue<T>(ext: Extension, target: new () => T, what: string): T {
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
        info.issuerSignTool = issuerSignToolOf(new Uint8Array(ext.extnValue.buffer));
        break;
    }
  }
  return info;
}

/** issuerSignTool: SEQUENCE of four UTF8Strings (docs/fns-profile.md#identifiers-and-extensions; Приказ ФСБ № 795, п. 18). */
function issuerSignToolOf(der: Uint8Array): IssuerSignTool {
  const sequence = readTlv(der);
  const items = sequence && sequence.tag === 0x30 && sequence.end === der.length ? readChildren(sequence.body) : null;
  if (!items || items.length !== 4) throw new CertificateParseError("malformed issuerSignTool extension");
  const [signTool, caTool, signToolCertificate, caToolCertificate] = items.map((item) => decodeDerString(item.raw)) as [string, string, string, string];
  return { signTool, caTool, signToolCertificate, caToolCertificate };
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
