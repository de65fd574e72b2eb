import { fromHex, toHex } from "../../../../shared/encoding.ts";
import { Streebog } from "../../../../shared/crypto/streebog.ts";
import { HRESULT, PageError } from "../backend.ts";
import { CadesObject } from "./async-proxy.ts";
import { CADES_CONSTANTS } from "./constants.ts";
import { contentBytes } from "./content.ts";
import { invalidArg } from "./errors.ts";

const C = CADES_CONSTANTS;

/** Hash algorithms computed in the page: Streebog locally, SHA-2/SHA-1 through WebCrypto. */
const ALGORITHMS: Readonly<Record<number, { size: number; digest: (data: Uint8Array) => Promise<Uint8Array> }>> = {
  [C.CADESCOM_HASH_ALGORITHM_CP_GOST_3411_2012_256]: { size: 32, digest: streebog(256) },
  [C.CADESCOM_HASH_ALGORITHM_CP_GOST_3411_2012_512]: { size: 64, digest: streebog(512) },
  [C.CADESCOM_HASH_ALGORITHM_SHA1]: { size: 20, digest: webCrypto("SHA-1") },
  [C.CADESCOM_HASH_ALGORITHM_SHA_256]: { size: 32, digest: webCrypto("SHA-256") },
  [C.CADESCOM_HASH_ALGORITHM_SHA_384]: { size: 48, digest: webCrypto("SHA-384") },
  [C.CADESCOM_HASH_ALGORITHM_SHA_512]: { size: 64, digest: webCrypto("SHA-512") },
};

function streebog(bits: 256 | 512) {
  return (data: Uint8Array) => Promise.resolve(new Streebog(bits).update(data).digest());
}

function webCrypto(name: string) {
  return async (data: Uint8Array) => new Uint8Array(await crypto.subtle.digest(name, data as Uint8Array<ArrayBuffer>));
}

function algorithm(id: number) {
  const found = ALGORITHMS[id];
  if (!found) throw new PageError(HRESULT.badAlgorithm, `Алгоритм хэширования ${String(id)} не поддерживается`);
  return found;
}

/**
 * CAdESCOM.HashedData. Hash(data) may be called several times to hash a document in
 * pieces; the digest covers everything hashed so far. SetHashValue(hex) sets a digest
 * computed elsewhere, for SignHash. Value is uppercase hex, as the plug-in gives it.
 */
export class HashedData extends CadesObject {
  #algorithm: number = C.CADESCOM_HASH_ALGORITHM_SHA1;
  #encoding: number = C.CADESCOM_STRING_TO_UCS2LE;
  #chunks: Uint8Array[] = [];
  #value: Uint8Array | null = null;

  get Algorithm(): number {
    return this.#algorithm;
  }

  set Algorithm(id: number) {
    algorithm(id);
    this.#algorithm = id;
  }

  get DataEncoding(): number {
    return this.#encoding;
  }

  set DataEncoding(encoding: number) {
    this.#encoding = encoding;
  }

  Hash(data: string): void {
    this.#chunks.push(contentBytes(data, this.#encoding));
    this.#value = null;
  }

  SetHashValue(hex: string): void {
    let value: Uint8Array;
    try {
      value = fromHex(String(hex));
    } catch {
      throw invalidArg("Значение хэша должно быть в шестнадцатеричном виде");
    }
    if (value.length !== algorithm(this.#algorithm).size) {
      throw invalidArg(`Длина хэша ${value.length} байт не соответствует алгоритму`);
    }
    this.#chunks = [];
    this.#value = value;
  }

  get Value(): Promise<string> {
    return this.digest().then((d) => toHex(d).toUpperCase());
  }

  /** For SignHash: the digest, set or computed. */
  async digest(): Promise<Uint8Array> {
    if (this.#value) return this.#value;
    const all = new Uint8Array(this.#chunks.reduce((n, c) => n + c.length, 0));
    let offset = 0;
    for (const chunk of this.#chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    this.#value = await algorithm(this.#algorithm).digest(all);
    return this.#value;
  }
}
