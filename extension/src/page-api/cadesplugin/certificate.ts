import { fromBase64, toBase64 } from "../../../../shared/encoding.ts";
import { certificateExtension, decodeCertificate, type DecodedCertificate } from "../../../../shared/pkix/certificate.ts";
import { parseCertificate } from "../../../../shared/x509/index.ts";
import { EXTENSIONS } from "../../../../shared/x509/oids.ts";
import type { CertificateInfo } from "../../../../shared/x509/index.ts";
import { certificateThumbprint } from "../../../../shared/x509/thumbprint.ts";
import { HRESULT, PageError, type PageCertificate } from "../backend.ts";
import { CadesObject } from "./async-proxy.ts";
import { CertificateStatus, ExtendedKeyUsage, KeyUsage, PrivateKeyInfo, PublicKey } from "./certificate-members.ts";
import { CADES_CONSTANTS } from "./constants.ts";
import { formatName } from "./distinguished-name.ts";
import { invalidArg, notImplemented } from "./errors.ts";

/** What the shim knows about one certificate; also what signing needs from it. */
export interface CertificateEntry extends PageCertificate {
  info: CertificateInfo;
}

export function certificateEntry(cert: PageCertificate): CertificateEntry {
  return { ...cert, thumbprint: cert.thumbprint.toUpperCase(), info: parseCertificate(cert.der) };
}

/** An entry for a certificate that is not on a token (imported, or found in a signature). */
export function foreignCertificateEntry(der: Uint8Array): CertificateEntry {
  const info = parseCertificate(der);
  return { der, info, thumbprint: certificateThumbprint(der), hasPrivateKey: false, container: "" };
}

/** Dates cross the nmcades bridge as strings; ISO 8601 UTC is what `new Date(x)` parses everywhere. */
function dateString(date: Date): string {
  return date.toISOString();
}

/**
 * CAdESCOM.Certificate. Created by the stores with the token's certificate, or empty by
 * CreateObjectAsync("CAdESCOM.Certificate") for a page to Import() one and inspect it.
 */
export class Certificate extends CadesObject {
  #entry: CertificateEntry | null;

  constructor(entry: CertificateEntry | null = null) {
    super();
    this.#entry = entry;
  }

  /** For the signing objects: the certificate behind this object. */
  entry(): CertificateEntry {
    if (!this.#entry) throw new PageError(HRESULT.notFound, "Сертификат не задан");
    return this.#entry;
  }

  private get info(): CertificateInfo {
    return this.entry().info;
  }

  get SubjectName(): string {
    return formatName(this.info.subject.attributes);
  }

  get IssuerName(): string {
    return formatName(this.info.issuer.attributes);
  }

  get Thumbprint(): string {
    return this.entry().thumbprint;
  }

  get SerialNumber(): string {
    return this.info.serialNumber;
  }

  get ValidFromDate(): string {
    return dateString(this.info.notBefore);
  }

  get ValidToDate(): string {
    return dateString(this.info.notAfter);
  }

  get Version(): number {
    return 3;
  }

  get PrivateKey(): PrivateKeyInfo {
    const entry = this.#withKey();
    return new PrivateKeyInfo(entry.info.publicKey.algorithm, entry.container);
  }

  HasPrivateKey(): boolean {
    return this.entry().hasPrivateKey;
  }

  /** Resolves when the key is on an inserted token, rejects with NTE_NO_KEY otherwise. */
  FindPrivateKey(): void {
    this.#withKey();
  }

  IsValid(): CertificateStatus {
    const now = Date.now();
    return new CertificateStatus(this.info.notBefore.getTime() <= now && now <= this.info.notAfter.getTime());
  }

  GetInfo(type: number): string {
    const { subject, issuer } = this.info;
    switch (type) {
      case CADES_CONSTANTS.CAPICOM_CERT_INFO_SUBJECT_SIMPLE_NAME:
        return subject.commonName ?? subject.organization ?? "";
      case CADES_CONSTANTS.CAPICOM_CERT_INFO_ISSUER_SIMPLE_NAME:
        return issuer.commonName ?? issuer.organization ?? "";
      case CADES_CONSTANTS.CAPICOM_CERT_INFO_SUBJECT_EMAIL_NAME:
        return subject.email ?? "";
      case CADES_CONSTANTS.CAPICOM_CERT_INFO_ISSUER_EMAIL_NAME:
        return issuer.email ?? "";
      default:
        throw notImplemented(`GetInfo(${String(type)})`);
    }
  }

  /** CAPICOM_ENCODE_BASE64 (the default) or CAPICOM_ENCODE_BINARY (a byte-per-char string). */
  Export(encoding: number = CADES_CONSTANTS.CAPICOM_ENCODE_BASE64): string {
    const { der } = this.entry();
    if (encoding === CADES_CONSTANTS.CAPICOM_ENCODE_BASE64) return toBase64(der);
    if (encoding === CADES_CONSTANTS.CAPICOM_ENCODE_BINARY) return String.fromCharCode(...der);
    throw invalidArg(`Неизвестная кодировка ${String(encoding)}`);
  }

  async Import(encoded: string): Promise<void> {
    try {
      this.#entry = foreignCertificateEntry(fromBase64(encoded.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "")));
    } catch {
      throw new PageError(HRESULT.badData, "Неверный формат сертификата");
    }
  }

  PublicKey(): PublicKey {
    const spki = this.#decoded().asn.tbsCertificate.subjectPublicKeyInfo;
    return new PublicKey(this.info, {
      key: new Uint8Array(spki.subjectPublicKey),
      parameters: spki.algorithm.parameters ? new Uint8Array(spki.algorithm.parameters) : new Uint8Array(),
    });
  }

  KeyUsage(): KeyUsage {
    return new KeyUsage(this.info.keyUsage, this.#critical(EXTENSIONS.keyUsage));
  }

  ExtendedKeyUsage(): ExtendedKeyUsage {
    return new ExtendedKeyUsage(this.info.extendedKeyUsage, this.#critical(EXTENSIONS.extendedKeyUsage));
  }

  #withKey(): CertificateEntry {
    const entry = this.entry();
    if (!entry.hasPrivateKey) throw new PageError(HRESULT.noKey, "Закрытый ключ сертификата не найден");
    return entry;
  }

  #decoded(): DecodedCertificate {
    return decodeCertificate(this.entry().der);
  }

  /** The extension's critical flag, or null when the certificate lacks it. */
  #critical(oid: string): boolean | null {
    return certificateExtension(this.#decoded(), oid)?.critical ?? null;
  }
}
