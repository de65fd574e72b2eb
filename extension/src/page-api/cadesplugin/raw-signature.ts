import { readCertificate } from "../../../../shared/cms/certificate.ts";
import { signerAlgorithm, verifyGostDigest } from "../../../../shared/cms/signature.ts";
import { fromHex } from "../../../../shared/encoding.ts";
import { HRESULT, PageError } from "../backend.ts";
import { CadesObject } from "./async-proxy.ts";
import { Certificate } from "./certificate.ts";
import { invalidArg, notImplemented } from "./errors.ts";
import { HashedData } from "./hashed-data.ts";
import { KEY_HASH } from "./signed-data.ts";

/**
 * CAdESCOM.RawSignature: a bare GOST R 34.10-2012 signature over a hash, in the plug-in's
 * byte order: hex of the CryptoAPI form, which is the token's s‖r (big-endian halves)
 * reversed byte for byte. Pages reverse it back before sending it anywhere that expects
 * the standard form, as OpenSSL does.
 */
export class RawSignature extends CadesObject {
  /**
   * Refused by design, unlike CadesSignedData.SignHash: there the token signs attributes
   * that bind the page's hash as a document's messageDigest, with a signing time, so the
   * signature can only ever be a CMS signature of some document. A bare signature over a
   * hash the page chose is valid for whatever produced that hash: a certificate request,
   * another CMS's attributes, a GOST TLS handshake authenticating the user to a server.
   */
  SignHash(): never {
    throw notImplemented(
      "RawSignature.SignHash (подпись хэша без сообщения CMS: окно подтверждения не может показать, что подписывается; используйте CadesSignedData.SignHash)",
    );
  }

  async VerifyHash(hashed: unknown, certificate: unknown, signature: string): Promise<void> {
    if (!(hashed instanceof HashedData)) throw invalidArg("Ожидался объект HashedData");
    if (!(certificate instanceof Certificate)) throw invalidArg("Ожидался объект Certificate");
    let bytes: Uint8Array;
    try {
      bytes = fromHex(String(signature));
    } catch {
      throw invalidArg("Подпись должна быть в шестнадцатеричном виде");
    }
    const key = readCertificate(certificate.entry().der).key;
    const algorithm = signerAlgorithm(key);
    if (KEY_HASH[algorithm] !== hashed.Algorithm) {
      throw new PageError(HRESULT.badAlgorithm, "Алгоритм хэширования не соответствует ключу сертификата");
    }
    if (!verifyGostDigest(key, await hashed.digest(), bytes.slice().reverse())) {
      throw new PageError(HRESULT.badSignature, "Неправильная подпись");
    }
  }
}
