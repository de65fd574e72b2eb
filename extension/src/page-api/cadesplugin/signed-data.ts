import type { CertificateKeyAlgorithm } from "../../../../shared/algorithms/registry.ts";
import { fromBase64 } from "../../../../shared/encoding.ts";
import { addSigners } from "../../../../shared/pkix/cms-cosign.ts";
import { verifyCms, type CmsSignerVerification, type CmsVerification } from "../../../../shared/pkix/cms-verify.ts";
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
export const KEY_HASH: Readonly<Partial<Record<CertificateKeyAlgorithm, number>>> = {
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

function hashedData(value: unknown): HashedData {
  if (!(value instanceof HashedData)) throw invalidArg("Ожидался объект HashedData");
  return value;
}

function decodeSignature(message: unknown): Uint8Array {
  try {
    return fromBase64(String(message).replace(/\s+/g, ""));
  } catch {
    throw new PageError(HRESULT.badData, "Подпись не в формате base64");
  }
}

const isValid = (s: CmsSignerVerification) => s.signatureValid && s.digestMatches && s.signingCertificateV2 !== "mismatch";

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

/**
 * CAdESCOM.CadesSignedData: SignCades, SignHash and the co-signing members over the
 * backend's sign(), so every signature goes through the user's confirmation; VerifyCades
 * and VerifyHash in the page.
 */
export class CadesSignedData extends CadesObject {
  #encoding: number = C.CADESCOM_STRING_TO_UCS2LE;
  #content = "";
  #bytes: Uint8Array | null = null;
  #displayData: number = C.CADESCOM_DISPLAY_DATA_NONE;
  #signers: CPSigner[] = [];
  /**
   * The last message VerifyCades or VerifyHash accepted, what CoSign* add a signer to, and
   * the content it verified against (none after VerifyHash): a co-signature covers that
   * content even if the page sets Content again in between.
   */
  #verified: { message: Uint8Array; content: Uint8Array | null } | null = null;

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
    return base64Lines(await this.#sign(s, { content: this.#bytes, detached: Boolean(detached) }));
  }

  async SignHash(hashed: unknown, signerObject: unknown, type?: number): Promise<string> {
    const h = hashedData(hashed);
    const s = signer(signerObject);
    checkType(type);
    return base64Lines(await this.#sign(s, { digest: await this.#digestFor(h, s), detached: true }));
  }

  /**
   * Adds a signature to the message the last VerifyCades accepted, over the same content
   * (for a detached message, the Content that verified it). The new signature is made like
   * SignCades's, then its signer joins the message's own.
   */
  async CoSignCades(signerObject: unknown, type?: number): Promise<string> {
    const s = signer(signerObject);
    checkType(type);
    const { message, content } = this.#coSignable();
    return this.#addSigner(message, content, await this.#sign(s, { content, detached: true }));
  }

  /** CAPICOM's co-signing: a PKCS#7 signer is what CoSignCades adds as well (see checkType). */
  async CoSign(signerObject: unknown, encoding: number = C.CADESCOM_ENCODE_BASE64): Promise<string> {
    if (encoding !== C.CADESCOM_ENCODE_BASE64)
      throw notImplemented("CoSign с кодировкой, отличной от CADESCOM_ENCODE_BASE64 (страница получает подпись строкой base64)");
    return this.CoSignCades(signerObject, C.CADESCOM_PKCS7_TYPE);
  }

  /** CoSignCades over a digest the page computed, signed like SignHash's. */
  async CoSignHash(hashed: unknown, signerObject: unknown, type?: number): Promise<string> {
    const h = hashedData(hashed);
    const s = signer(signerObject);
    checkType(type);
    if (!this.#verified) throw invalidArg("Сначала проверьте подпись (VerifyHash или VerifyCades), к которой добавляется подписант");
    const { message, content } = this.#verified;
    return this.#addSigner(message, content, await this.#sign(s, { digest: await this.#digestFor(h, s), detached: true }));
  }

  EnhanceCades(): never {
    throw notImplemented("EnhanceCades (дополнение подписи до CAdES-T и CAdES-X Long: нужны служба штампов времени и OCSP, которых у kep-bridge нет)");
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
    const cms = decodeSignature(message);
    if (detached && !this.#bytes) throw invalidArg("Не заданы подписанные данные (Content)");
    const result = await this.#verify(cms, detached && this.#bytes ? { content: this.#bytes } : {});
    if (!detached && result.content) {
      this.#bytes = result.content;
      this.#content = contentString(result.content, this.#encoding);
    }
    this.#verified = { message: cms, content: result.content ?? this.#bytes };
  }

  /** Verifies a detached message against a digest of its content (HashedData with the signer key's hash). */
  async VerifyHash(hashed: unknown, message: string, type?: number): Promise<void> {
    const h = hashedData(hashed);
    checkType(type);
    const cms = decodeSignature(message);
    const value = await h.digest();
    await this.#verify(cms, { digest: value }, h.Algorithm);
    this.#verified = { message: cms, content: null };
  }

  /**
   * Verifies and records every signer with its status, then fails on the first bad one,
   * so a page that catches the error can still ask each signer's SignatureStatus.
   */
  async #verify(cms: Uint8Array, options: { content?: Uint8Array; digest?: Uint8Array }, hashAlgorithm?: number): Promise<CmsVerification> {
    let result: CmsVerification;
    try {
      result = await verifyCms(cms, options);
    } catch (error) {
      throw new PageError(HRESULT.badData, `Неверный формат подписи: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (hashAlgorithm !== undefined && result.signers.some((s) => KEY_HASH[s.algorithm] !== hashAlgorithm)) {
      throw new PageError(HRESULT.badAlgorithm, "Алгоритм хэширования не соответствует ключу подписанта");
    }
    this.#signers = result.signers.map((s) => CPSigner.verified(new Certificate(foreignCertificateEntry(s.certificate)), s.signingTime, isValid(s)));
    checkSigners(result);
    return result;
  }

  #coSignable(): { message: Uint8Array; content: Uint8Array } {
    const verified = this.#verified;
    if (!verified?.content) {
      throw invalidArg("Сначала проверьте подпись с её содержимым (VerifyCades), к которой добавляется подписант; после VerifyHash — CoSignHash");
    }
    return { message: verified.message, content: verified.content };
  }

  #addSigner(message: Uint8Array, content: Uint8Array | null, cosignature: Uint8Array): string {
    const merged = addSigners(message, cosignature);
    this.#verified = { message: merged, content };
    return base64Lines(merged);
  }

  /** The HashedData's digest, if its algorithm is the one the signer's key signs with. */
  async #digestFor(hashed: HashedData, s: CPSigner): Promise<Uint8Array> {
    const key = s.signingCertificate().entry().info.publicKey.algorithm;
    const expected = KEY_HASH[key];
    if (expected === undefined || hashed.Algorithm !== expected) {
      throw new PageError(HRESULT.badAlgorithm, "Алгоритм хэширования не соответствует ключу сертификата");
    }
    return hashed.digest();
  }

  async #sign(s: CPSigner, what: { content?: Uint8Array; digest?: Uint8Array; detached: boolean }): Promise<Uint8Array> {
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
    return this.backend.sign(request);
  }
}
