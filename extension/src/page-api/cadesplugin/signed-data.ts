import { fromBase64 } from "../../../../shared/encoding.ts";
import { verifyCms, type CmsVerification } from "../../../../shared/cms/verify.ts";
import { HRESULT, PageError, type PageBackend, type PageSignRequest } from "../backend.ts";
import { CadesObject } from "./async-proxy.ts";
import { Certificate, foreignCertificateEntry } from "./certificate.ts";
import { CadesCollection } from "./collection.ts";
import { CADES_CONSTANTS } from "./constants.ts";
import { base64Lines, contentBytes, contentString } from "./content.ts";
import { invalidArg, notImplemented } from "./errors.ts";
import { HashedData } from "./hashed-data.ts";
import { CPSigner } from "./signer.ts";

const C = CADES_CONSTANTS;

/** Digest algorithm a key signs with: GOST R 34.10-2012 keys fix it to their own size. */
const KEY_HASH: Readonly<Record<string, number>> = {
  "gost2012-256": C.CADESCOM_HASH_ALGORITHM_CP_GOST_3411_2012_256,
  "gost2012-512": C.CADESCOM_HASH_ALGORITHM_CP_GOST_3411_2012_512,
};

/**
 * The token stack makes CAdES-BES. A PKCS7_TYPE request gets the same CMS: CAdES-BES is a
 * PKCS#7 SignedData with two more signed attributes, which PKCS#7 verifiers ignore. CAdES-T
 * and X-Long (and CADES_DEFAULT, which CryptoPro treats as X-Long) need a timestamp
 * authority, so they are refused rather than silently downgraded.
 */
function checkType(type: number | undefined): void {
  if (type === undefined || type === C.CADESCOM_CADES_BES || type === C.CADESCOM_PKCS7_TYPE) return;
  throw notImplemented(`Тип подписи ${String(type)} (нужна служба штампов времени)`);
}

function signer(value: unknown): CPSigner {
  if (!(value instanceof CPSigner)) throw invalidArg("Ожидался объект CPSigner");
  return value;
}

/**
 * Every signer must verify: signature, messageDigest and signingCertificateV2 (when
 * present). Unlike the plug-in, the chain is not built to a trusted root: the page has no
 * trust store, and the CA and the server check the chain of what they receive.
 */
function checkSigners(result: CmsVerification): void {
  if (result.signers.length === 0) throw new PageError(HRESULT.badSignature, "В подписи нет подписантов");
  for (const signer of result.signers) {
    if (!signer.digestMatches) throw new PageError(HRESULT.badHash, "Хеш-значение неправильное");
    if (!signer.signatureValid || signer.signingCertificateV2 === "mismatch") {
      throw new PageError(HRESULT.badSignature, "Неправильная подпись");
    }
  }
}

/** CAdESCOM.CadesSignedData: SignCades and SignHash over the backend's sign(); VerifyCades in the page. */
export class CadesSignedData extends CadesObject {
  #encoding: number = C.CADESCOM_STRING_TO_UCS2LE;
  #content = "";
  #bytes: Uint8Array | null = null;
  #displayData: number = C.CADESCOM_DISPLAY_DATA_NONE;
  #signers: CPSigner[] = [];

  constructor(private readonly backend: PageBackend) {
    super();
  }

  get ContentEncoding(): number {
    return this.#encoding;
  }

  /** Must come before Content, as in the plug-in: Content is converted when it is set. */
  set ContentEncoding(encoding: number) {
    this.#encoding = encoding;
  }

  get Content(): string {
    return this.#content;
  }

  set Content(content: string) {
    this.#bytes = contentBytes(content, this.#encoding);
    this.#content = content;
  }

  /** Kept for pages that set it for PinPad readers; the confirmation window always shows the document. */
  get DisplayData(): number {
    return this.#displayData;
  }

  set DisplayData(value: number) {
    this.#displayData = value;
  }

  async SignCades(signerObject: unknown, type?: number, detached = false): Promise<string> {
    const s = signer(signerObject);
    checkType(type);
    if (!this.#bytes) throw invalidArg("Не заданы данные для подписи");
    return this.#sign(s, { content: this.#bytes, detached: Boolean(detached) });
  }

  async SignHash(hashed: unknown, signerObject: unknown, type?: number): Promise<string> {
    if (!(hashed instanceof HashedData)) throw invalidArg("Ожидался объект HashedData");
    const s = signer(signerObject);
    checkType(type);
    const key = s.signingCertificate().entry().info.publicKey.algorithm;
    const expected = KEY_HASH[key];
    if (expected === undefined || hashed.Algorithm !== expected) {
      throw new PageError(HRESULT.badAlgorithm, "Алгоритм хэширования не соответствует ключу сертификата");
    }
    return this.#sign(s, { digest: await hashed.digest(), detached: true });
  }

  CoSignCades(): never {
    throw notImplemented("CoSignCades");
  }

  CoSignHash(): never {
    throw notImplemented("CoSignHash");
  }

  EnhanceCades(): never {
    throw notImplemented("EnhanceCades");
  }

  /** The signers of the last verified signature. */
  get Signers(): CadesCollection<CPSigner> {
    return new CadesCollection(this.#signers);
  }

  /**
   * Verifies a CAdES-BES or PKCS#7 signature (base64). A detached one is checked against
   * Content; after an attached one, Content holds the signed content in ContentEncoding.
   */
  async VerifyCades(message: string, type?: number, detached = false): Promise<void> {
    checkType(type);
    let cms: Uint8Array;
    try {
      cms = fromBase64(String(message).replace(/\s+/g, ""));
    } catch {
      throw new PageError(HRESULT.badData, "Подпись не в формате base64");
    }
    if (detached && !this.#bytes) throw invalidArg("Не заданы подписанные данные (Content)");
    let result: CmsVerification;
    try {
      result = await verifyCms(cms, detached && this.#bytes ? { content: this.#bytes } : {});
    } catch (error) {
      throw new PageError(HRESULT.badData, `Неверный формат подписи: ${error instanceof Error ? error.message : String(error)}`);
    }
    checkSigners(result);
    if (!detached && result.content) {
      this.#bytes = result.content;
      this.#content = contentString(result.content, this.#encoding);
    }
    this.#signers = await Promise.all(
      result.signers.map(async (s) => CPSigner.verified(new Certificate(await foreignCertificateEntry(s.certificate)), s.signingTime)),
    );
  }

  VerifyHash(): never {
    throw notImplemented("VerifyHash");
  }

  async #sign(s: CPSigner, what: { content?: Uint8Array; digest?: Uint8Array; detached: boolean }): Promise<string> {
    const certificate = s.signingCertificate().entry();
    if (!certificate.hasPrivateKey) throw new PageError(HRESULT.noKey, "Закрытый ключ сертификата не найден");
    const description = s.documentName();
    const request: PageSignRequest = {
      thumbprint: certificate.thumbprint,
      detached: what.detached,
      ...(what.content ? { content: what.content } : {}),
      ...(what.digest ? { digest: what.digest } : {}),
      ...(description !== undefined ? { description } : {}),
    };
    return base64Lines(await this.backend.sign(request));
  }
}
