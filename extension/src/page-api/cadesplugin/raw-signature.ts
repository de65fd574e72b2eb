import { readCertificate } from "../../../../shared/cms/certificate.ts";
import { signerAlgorithm, verifyGostDigest } from "../../../../shared/cms/signature.ts";
import { fromHex, toHex } from "../../../../shared/encoding.ts";
import { HRESULT, PageError, type PageBackend } from "../backend.ts";
import { CadesObject } from "./async-proxy.ts";
import { Certificate } from "./certificate.ts";
import { invalidArg } from "./errors.ts";
import { HashedData } from "./hashed-data.ts";
import { KEY_HASH } from "./signed-data.ts";

function hashedData(value: unknown): HashedData {
  if (!(value instanceof HashedData)) throw invalidArg("Ожидался объект HashedData");
  return value;
}

function certificate(value: unknown): Certificate {
  if (!(value instanceof Certificate)) throw invalidArg("Ожидался объект Certificate");
  return value;
}

/** The hash must be the one the certificate's key signs with, as CryptoPro's CSP insists. */
function checkAlgorithm(hashed: HashedData, cert: Certificate): ReturnType<typeof readCertificate>["key"] {
  const key = readCertificate(cert.entry().der).key;
  if (KEY_HASH[signerAlgorithm(key)] !== hashed.Algorithm) {
    throw new PageError(HRESULT.badAlgorithm, "Алгоритм хэширования не соответствует ключу сертификата");
  }
  return key;
}

/**
 * CAdESCOM.RawSignature: a bare GOST R 34.10-2012 signature over a hash, in the plug-in's
 * byte order: hex of the CryptoAPI form, which is the token's s‖r (big-endian halves)
 * reversed byte for byte. Pages reverse it back before sending it anywhere that expects
 * the standard form, as OpenSSL does.
 */
export class RawSignature extends CadesObject {
  constructor(private readonly backend: PageBackend) {
    super();
  }

  /**
   * Unlike CadesSignedData.SignHash, no signed attributes bind the hash to a document, so the
   * signature is valid for whatever produced that hash; the backend's window says so in its
   * own words and asks for the PIN every time.
   */
  async SignHash(hashed: unknown, certificateObject: unknown): Promise<string> {
    const h = hashedData(hashed);
    const cert = certificate(certificateObject);
    checkAlgorithm(h, cert);
    const signature = await this.backend.signHash({ thumbprint: cert.entry().thumbprint, digest: await h.digest() });
    return toHex(signature.slice().reverse()).toUpperCase();
  }

  async VerifyHash(hashed: unknown, certificateObject: unknown, signature: string): Promise<void> {
    const h = hashedData(hashed);
    const cert = certificate(certificateObject);
    let bytes: Uint8Array;
    try {
      bytes = fromHex(String(signature));
    } catch {
      throw invalidArg("Подпись должна быть в шестнадцатеричном виде");
    }
    const key = checkAlgorithm(h, cert);
    if (!verifyGostDigest(key, await h.digest(), bytes.slice().reverse())) {
      throw new PageError(HRESULT.badSignature, "Неправильная подпись");
    }
  }
}
