/** The extensionRequest attribute: the extensions a request asks the CA to put in the certificate. */

import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { Attribute, CertificatePolicies, ExtendedKeyUsage, Extension, Extensions, KeyUsage, PolicyInformation } from "@peculiar/asn1-x509";
import { EXTENSIONS, KEY_USAGE_BITS, REQUEST_ATTRIBUTES } from "../x509/oids.ts";
import { integerValue, utf8Value } from "./der-values.ts";

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

/** KeyUsage flags: bit n of the named BIT STRING is 1 << n, and the library drops trailing zero bits as DER asks. */
function keyUsage(names: readonly string[]): KeyUsage {
  return new KeyUsage(names.reduce((flags, name) => flags | (1 << KEY_USAGE_BITS.indexOf(name as (typeof KEY_USAGE_BITS)[number])), 0));
}

function extension(extnID: string, value: ArrayBuffer, critical = false): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(value) });
}

/**
 * The Extensions in request order (keyUsage, EKU, policies, subjectSignTool,
 * IdentificationKind), only those asked for; an empty list counts as not asked.
 * keyUsage is critical: RFC 5280 §4.2.1.3 says CAs SHOULD mark it so, and the FNS issuing
 * profile the tests mirror does (docs/openssl-gost.md#commands `keyUsage=critical,...`); the rest are not.
 * Values must already be validated (the host's validate.ts).
 */
function requestedExtensions(ext: RequestedExtensions): Extension[] {
  const out: Extension[] = [];
  if (ext.keyUsage?.length) out.push(extension(EXTENSIONS.keyUsage, AsnConvert.serialize(keyUsage(ext.keyUsage)), true));
  if (ext.extendedKeyUsage?.length) out.push(extension(EXTENSIONS.extendedKeyUsage, AsnConvert.serialize(new ExtendedKeyUsage(ext.extendedKeyUsage))));
  if (ext.policies?.length) {
    const policies = new CertificatePolicies(ext.policies.map((policyIdentifier) => new PolicyInformation({ policyIdentifier })));
    out.push(extension(EXTENSIONS.certificatePolicies, AsnConvert.serialize(policies)));
  }
  if (ext.subjectSignTool !== undefined) out.push(extension(EXTENSIONS.subjectSignTool, utf8Value(ext.subjectSignTool)));
  if (ext.identificationKind !== undefined) out.push(extension(EXTENSIONS.identificationKind, integerValue(ext.identificationKind)));
  return out;
}

/** The CertificationRequestInfo attributes: one extensionRequest, or none when nothing is asked. */
export function requestAttributes(ext: RequestedExtensions): Attribute[] {
  const extensions = requestedExtensions(ext);
  if (extensions.length === 0) return [];
  return [new Attribute({ type: REQUEST_ATTRIBUTES.extensionRequest, values: [AsnConvert.serialize(new Extensions(extensions))] })];
}
