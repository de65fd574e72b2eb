import { HRESULT, PageError } from "../backend.ts";
import { CadesObject } from "./async-proxy.ts";
import { CPAttribute } from "./attribute.ts";
import { Certificate } from "./certificate.ts";
import { MutableCollection } from "./collection.ts";
import { CADES_CONSTANTS } from "./constants.ts";
import { invalidArg } from "./errors.ts";

const isAttribute = (x: unknown): x is CPAttribute => x instanceof CPAttribute;

/** CAdESCOM.CPSignatureStatus: what verification found for one signer. */
export class CPSignatureStatus extends CadesObject {
  constructor(readonly valid: boolean) {
    super();
  }

  get IsValid(): boolean {
    return this.valid;
  }
}

/**
 * CAdESCOM.CPSigner. Options (chain inclusion), TSAAddress and CheckCertificate are kept
 * for pages that read them back; the token stack decides what goes into the CMS (the
 * signer certificate, signingTime, signingCertificateV2), and a PIN never passes through
 * the page, so KeyPin is accepted and dropped.
 */
export class CPSigner extends CadesObject {
  #certificate: Certificate | null = null;
  #options: number = CADES_CONSTANTS.CAPICOM_CERTIFICATE_INCLUDE_CHAIN_EXCEPT_ROOT;
  #tsaAddress = "";
  #checkCertificate = false;
  #signingTime: Date | null = null;
  #status: CPSignatureStatus | null = null;
  readonly #authenticated = new MutableCollection(isAttribute, "CPAttribute");
  readonly #unauthenticated = new MutableCollection(isAttribute, "CPAttribute");

  /** A signer as VerifyCades and VerifyHash report it in CadesSignedData.Signers. */
  static verified(certificate: Certificate, signingTime: Date | null, valid: boolean): CPSigner {
    const signer = new CPSigner();
    signer.#certificate = certificate;
    signer.#signingTime = signingTime;
    signer.#status = new CPSignatureStatus(valid);
    return signer;
  }

  get Certificate(): Certificate | null {
    return this.#certificate;
  }

  set Certificate(certificate: Certificate | null) {
    if (!(certificate instanceof Certificate)) throw invalidArg("Ожидался объект Certificate");
    this.#certificate = certificate;
  }

  get Options(): number {
    return this.#options;
  }

  set Options(options: number) {
    this.#options = options;
  }

  get TSAAddress(): string {
    return this.#tsaAddress;
  }

  set TSAAddress(address: string) {
    this.#tsaAddress = address;
  }

  get CheckCertificate(): boolean {
    return this.#checkCertificate;
  }

  set CheckCertificate(check: boolean) {
    this.#checkCertificate = check;
  }

  set KeyPin(_pin: string) {
    // Deliberately dropped: the PIN is asked for in the extension's own window.
  }

  get KeyPin(): string {
    return "";
  }

  /** The signingTime of a verified signature, ISO 8601 UTC like the certificate dates. */
  get SigningTime(): string {
    if (!this.#signingTime) throw new PageError(HRESULT.notFound, "Время подписи неизвестно");
    return this.#signingTime.toISOString();
  }

  /** Only a signer that came out of a verification has a status. */
  get SignatureStatus(): CPSignatureStatus {
    if (!this.#status) throw invalidArg("Подпись этого подписанта не проверялась (VerifyCades)");
    return this.#status;
  }

  get AuthenticatedAttributes2(): MutableCollection<CPAttribute> {
    return this.#authenticated;
  }

  get UnauthenticatedAttributes(): MutableCollection<CPAttribute> {
    return this.#unauthenticated;
  }

  /** For signed-data.ts: the certificate, which signing requires. */
  signingCertificate(): Certificate {
    if (!this.#certificate) throw invalidArg("Не задан сертификат подписанта");
    return this.#certificate;
  }

  /** For the confirmation window: the page's DOCUMENT_NAME attribute, if it set one. */
  documentName(): string | undefined {
    const attr = this.#authenticated.values().find((a) => a.Name === CADES_CONSTANTS.CADESCOM_AUTHENTICATED_ATTRIBUTE_DOCUMENT_NAME);
    return typeof attr?.Value === "string" ? attr.Value : undefined;
  }
}
