/**
 * Every OID → name mapping the certificate parser knows, in one place, so the popup, the
 * CLI and the tests agree on spelling. GOST and FNS-profile values come from
 * docs/gost-pkcs11.md#parameter-sets, #algorithm-identifiers and docs/fns-profile.md#identifiers-and-extensions.
 */

import { KEY_TYPES, PARAM_SETS as KEY_PARAM_SETS, type CertificateKeyAlgorithm } from "../algorithms/registry.ts";
import type { NameField } from "./types.ts";

export interface AttributeType {
  /** Short name as CryptoPro / Windows certmgr print it, which is what Russian users know. */
  name: string;
  /** Field of NameInfo the value is copied to, when there is one. */
  field?: NameField;
}

export const ATTRIBUTE_TYPES: Readonly<Record<string, AttributeType>> = {
  "2.5.4.3": { name: "CN", field: "commonName" },
  "2.5.4.4": { name: "SN", field: "surname" },
  "2.5.4.42": { name: "G", field: "givenName" },
  "2.5.4.12": { name: "T", field: "title" },
  "2.5.4.10": { name: "O", field: "organization" },
  "2.5.4.11": { name: "OU", field: "organizationalUnit" },
  "2.5.4.7": { name: "L", field: "locality" },
  "2.5.4.8": { name: "S", field: "state" },
  "2.5.4.9": { name: "STREET", field: "street" },
  "2.5.4.6": { name: "C", field: "country" },
  "1.2.840.113549.1.9.1": { name: "E", field: "email" },
  "1.2.643.3.131.1.1": { name: "ИНН", field: "inn" },
  "1.2.643.100.4": { name: "ИНН ЮЛ", field: "innle" },
  "1.2.643.100.1": { name: "ОГРН", field: "ogrn" },
  "1.2.643.100.5": { name: "ОГРНИП", field: "ogrnip" },
  "1.2.643.100.3": { name: "СНИЛС", field: "snils" },
  "2.5.4.5": { name: "SERIALNUMBER" },
  "2.5.4.43": { name: "I" },
  "2.5.4.65": { name: "PSEUDONYM" },
  "2.5.4.97": { name: "organizationIdentifier" },
  "0.9.2342.19200300.100.1.1": { name: "UID" },
  "0.9.2342.19200300.100.1.25": { name: "DC" },
};

/**
 * A key's name by its OID alone. An id-ecPublicKey key is named "ec" here; parsePublicKey
 * names it by its curve when the registry has a row for that curve.
 */
export const PUBLIC_KEY_ALGORITHMS: Readonly<Record<string, CertificateKeyAlgorithm>> = {
  [KEY_TYPES["gost2012-256"].publicKeyOid]: "gost2012-256",
  [KEY_TYPES["gost2012-512"].publicKeyOid]: "gost2012-512",
  "1.2.643.2.2.19": "gost2001",
  [KEY_TYPES["ec-p256"].publicKeyOid]: "ec",
  "1.2.840.113549.1.1.1": "rsa",
  // RSASSA-PSS keys carry the same RSAPublicKey structure.
  "1.2.840.113549.1.1.10": "rsa",
};

/** GOST parameter sets (publicKeyParamSet) and the named EC curves; those of keys kep-bridge makes come from the registry. */
export const PARAM_SETS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(KEY_PARAM_SETS.map((row) => [row.oid, row.name])),
  "1.3.132.0.34": "P-384",
  "1.3.132.0.35": "P-521",
};

export const SIGNATURE_ALGORITHMS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.values(KEY_TYPES).map((row) => [row.signatureOid, row.signatureLabel])),
  "1.2.643.2.2.3": "GOST R 34.10-2001 with GOST R 34.11-94",
  // CMS puts the key OID where a certificate has the signature OID (docs/gost-pkcs11.md#algorithm-identifiers).
  [KEY_TYPES["gost2012-256"].publicKeyOid]: KEY_TYPES["gost2012-256"].label,
  [KEY_TYPES["gost2012-512"].publicKeyOid]: KEY_TYPES["gost2012-512"].label,
  "1.2.840.113549.1.1.5": "sha1WithRSAEncryption",
  "1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
  "1.2.840.113549.1.1.12": "sha384WithRSAEncryption",
  "1.2.840.113549.1.1.13": "sha512WithRSAEncryption",
  "1.2.840.113549.1.1.10": "RSASSA-PSS",
  "1.2.840.10045.4.3.3": "ecdsa-with-SHA384",
  "1.2.840.10045.4.3.4": "ecdsa-with-SHA512",
};

/** KeyUsage BIT STRING bits, index = bit number (RFC 5280 §4.2.1.3). */
export const KEY_USAGE_BITS = [
  "digitalSignature",
  "nonRepudiation",
  "keyEncipherment",
  "dataEncipherment",
  "keyAgreement",
  "keyCertSign",
  "cRLSign",
  "encipherOnly",
  "decipherOnly",
] as const;

export const KEY_PURPOSES: Readonly<Record<string, string>> = {
  "1.3.6.1.5.5.7.3.1": "serverAuth",
  "1.3.6.1.5.5.7.3.2": "clientAuth",
  "1.3.6.1.5.5.7.3.3": "codeSigning",
  "1.3.6.1.5.5.7.3.4": "emailProtection",
  "1.3.6.1.5.5.7.3.8": "timeStamping",
  "1.3.6.1.5.5.7.3.9": "OCSPSigning",
};

/** Classes of the signing tool (СКЗИ) in certificatePolicies, RFC 9215, docs/fns-profile.md#identifiers-and-extensions. */
export const POLICIES: Readonly<Record<string, string>> = {
  "1.2.643.100.113.1": "КС1",
  "1.2.643.100.113.2": "КС2",
  "1.2.643.100.113.3": "КС3",
  "1.2.643.100.113.4": "КВ1",
  "1.2.643.100.113.5": "КВ2",
  "1.2.643.100.113.6": "КА1",
  "2.5.29.32.0": "anyPolicy",
};

export const EXTENSIONS = {
  keyUsage: "2.5.29.15",
  extendedKeyUsage: "2.5.29.37",
  certificatePolicies: "2.5.29.32",
  basicConstraints: "2.5.29.19",
  subjectSignTool: "1.2.643.100.111",
  issuerSignTool: "1.2.643.100.112",
  identificationKind: "1.2.643.100.114",
} as const;

/** PKCS#9 attributes of a certification request (RFC 2986, RFC 2985). */
export const REQUEST_ATTRIBUTES = {
  extensionRequest: "1.2.840.113549.1.9.14",
} as const;

export function oidName(table: Readonly<Record<string, string>>, oid: string): string {
  return table[oid] ?? oid;
}
