/** The extensionRequest attribute: the extensions the request asks the CA to put in the certificate. */

import { EXTENSIONS, KEY_USAGE_BITS, REQUEST_ATTRIBUTES } from "../../../shared/x509/oids.ts";
import { bitString, booleanTrue, octetString, oid, sequence, setOf, smallInteger, string, TAG } from "./der-writer.ts";

/** The key usages an end-entity signing certificate may ask for. */
export const REQUESTABLE_KEY_USAGES = ["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement"] as const;

export interface RequestedExtensions {
  /** Names from REQUESTABLE_KEY_USAGES. */
  keyUsage?: string[] | undefined;
  /** Key purpose OIDs. */
  extendedKeyUsage?: string[] | undefined;
  /** Policy OIDs, e.g. the signing-tool class КС1 1.2.643.100.113.1. */
  policies?: string[] | undefined;
  /** subjectSignTool (RFC 9215): the signing tool the key was made with. */
  subjectSignTool?: string | undefined;
  /** RFC 9215 IdentificationKind: 0 in person, 1 remote by a qualified signature, 2 biometric passport, 3 ЕБС. */
  identificationKind?: 0 | 1 | 2 | 3 | undefined;
}

/** KeyUsage named BIT STRING: bit 0 is the top bit of the first byte; DER drops trailing zero bits. */
function keyUsageBits(names: readonly string[]): Uint8Array {
  const bits = names.map((name) => KEY_USAGE_BITS.indexOf(name as (typeof KEY_USAGE_BITS)[number]));
  const highest = Math.max(...bits);
  const bytes = new Uint8Array((highest >> 3) + 1);
  for (const bit of bits) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  return bitString(bytes, 7 - (highest & 7));
}

function extension(id: string, value: Uint8Array, critical = false): Uint8Array {
  return critical ? sequence(oid(id), booleanTrue(), octetString(value)) : sequence(oid(id), octetString(value));
}

/**
 * The Extensions in request order (keyUsage, EKU, policies, subjectSignTool,
 * IdentificationKind), only those asked for; an empty list counts as not asked.
 * keyUsage is critical: RFC 5280 §4.2.1.3 says CAs SHOULD mark it so, and the FNS issuing
 * profile the tests mirror does (docs/openssl-gost.md#commands `keyUsage=critical,...`); the rest are not.
 * Values must already be validated (validate.ts).
 */
function requestedExtensions(ext: RequestedExtensions): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (ext.keyUsage?.length) out.push(extension(EXTENSIONS.keyUsage, keyUsageBits(ext.keyUsage), true));
  if (ext.extendedKeyUsage?.length) out.push(extension(EXTENSIONS.extendedKeyUsage, sequence(...ext.extendedKeyUsage.map(oid))));
  if (ext.policies?.length) {
    out.push(extension(EXTENSIONS.certificatePolicies, sequence(...ext.policies.map((policy) => sequence(oid(policy))))));
  }
  if (ext.subjectSignTool !== undefined) out.push(extension(EXTENSIONS.subjectSignTool, string(TAG.utf8String, ext.subjectSignTool)));
  if (ext.identificationKind !== undefined) out.push(extension(EXTENSIONS.identificationKind, smallInteger(ext.identificationKind)));
  return out;
}

/** The CertificationRequestInfo attributes: one extensionRequest, or none when nothing is asked. */
export function requestAttributes(ext: RequestedExtensions): Uint8Array[] {
  const extensions = requestedExtensions(ext);
  return extensions.length ? [sequence(oid(REQUEST_ATTRIBUTES.extensionRequest), setOf(sequence(...extensions)))] : [];
}
