/** The parsed view of a certificate that the host, the CLI and the popup share. */

import type { CertificateKeyAlgorithm } from "../algorithms/registry.ts";

export interface NameAttribute {
  oid: string;
  /** Short name ("CN", "ИНН", ...) or the OID itself for an unknown type. */
  name: string;
  value: string;
}

export interface NameInfo {
  commonName?: string | undefined;
  surname?: string | undefined;
  /** Given name and patronymic, as the FNS profile puts both in G. */
  givenName?: string | undefined;
  title?: string | undefined;
  organization?: string | undefined;
  organizationalUnit?: string | undefined;
  locality?: string | undefined;
  state?: string | undefined;
  street?: string | undefined;
  country?: string | undefined;
  email?: string | undefined;
  /** Personal INN (12 digits), or a legal entity's INN in the legacy "00" + 10 digits form. */
  inn?: string | undefined;
  /** Legal entity INN, 10 digits. */
  innle?: string | undefined;
  ogrn?: string | undefined;
  ogrnip?: string | undefined;
  snils?: string | undefined;
  /** Every attribute in encoding order, including repeated and unknown ones. */
  attributes: NameAttribute[];
}

export type NameField = Exclude<keyof NameInfo, "attributes">;

export interface PublicKeyInfo {
  algorithm: CertificateKeyAlgorithm;
  /** SPKI algorithm OID. */
  oid: string;
  /** GOST publicKeyParamSet or EC named curve OID; null for RSA or when absent. */
  paramSet: string | null;
  paramSetName: string | null;
  /**
   * The bytes a PKCS#11 token holds for the same key, to match a certificate to its key:
   * - GOST: the OCTET STRING content inside the SPKI BIT STRING, LE(x) ‖ LE(y), 64 or 128
   *   bytes, equal to the public key's CKA_VALUE (docs/gost-pkcs11.md#public-key);
   * - EC: the point as in the BIT STRING (04 ‖ x ‖ y); CKA_EC_POINT wraps it in an OCTET
   *   STRING, which the host unwraps before comparing;
   * - RSA: the modulus without a leading zero byte (CKA_MODULUS);
   * - other: the BIT STRING content.
   */
  raw: Uint8Array;
}

export type ProtectionClass = "КС1" | "КС2" | "КС3";

/** Ids of the certification authorities listed in issuers.ts. */
export type KnownIssuerId = "fns" | "treasury";

/** What the CA certifies about the tools behind a qualified certificate. */
export interface IssuerSignTool {
  /** The CA's signature tool (средство ЭП). */
  signTool: string;
  /** The CA's own tool (средство УЦ). */
  caTool: string;
  /** The conformity certificate of the signature tool. */
  signToolCertificate: string;
  /** The conformity certificate of the CA tool. */
  caToolCertificate: string;
}

export interface CertificateInfo {
  subject: NameInfo;
  issuer: NameInfo;
  /** The name a Russian user recognises the certificate by; see owner.ts. */
  owner: string;
  /** Issuer CN, else issuer O. */
  issuerName: string;
  /** Upper-case hex of the serial INTEGER content exactly as encoded. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  publicKey: PublicKeyInfo;
  signatureAlgorithm: { oid: string; name: string };
  keyUsage: string[];
  /** Extended key usage OIDs. */
  extendedKeyUsage: string[];
  /** certificatePolicies OIDs. */
  policies: string[];
  protectionClass: ProtectionClass | null;
  isCa: boolean;
  /** subjectSignTool (1.2.643.100.111): the signing tool the key was made with. */
  subjectSignTool: string | null;
  /** issuerSignTool (1.2.643.100.112). */
  issuerSignTool: IssuerSignTool | null;
  /** The recognised issuer (issuers.ts), or null. */
  knownIssuer: KnownIssuerId | null;
  isFnsIssuer: boolean;
}
