import { createHash } from "node:crypto";
import { Streebog } from "../../../shared/crypto/streebog.ts";
import { wasmAbsorber } from "../../../shared/crypto/streebog-wasm.ts";
import type { KeyAlgorithmName } from "../../../shared/protocol/index.ts";

export interface Hasher {
  update(data: Uint8Array): void;
  digest(): Uint8Array;
}

export interface DigestAlgorithm {
  oid: string;
  /** GOST digests carry an explicit NULL parameter as gost-engine and CryptoPro write it (docs/gost-pkcs11.md#algorithm-identifiers). */
  nullParameter: boolean;
  length: number;
  create(): Hasher;
}

/**
 * The digest each key algorithm signs with, in the host's process: signed attributes, the
 * signer's certificate, and the files the CLI signs (a page's document is hashed in the
 * background, shared/cms/document-digest.ts). In software, as CryptoPro and the Rutoken
 * plug-in do: a token hashes at USB speed, and a large document never has to cross to it. Streebog's whole blocks go through WebAssembly, about
 * 4× the TypeScript speed and on par with OpenSSL.
 */
export const DIGESTS: Record<KeyAlgorithmName, DigestAlgorithm> = {
  "gost2012-256": { oid: "1.2.643.7.1.1.2.2", nullParameter: true, length: 32, create: () => new Streebog(256, wasmAbsorber()) },
  "gost2012-512": { oid: "1.2.643.7.1.1.2.3", nullParameter: true, length: 64, create: () => new Streebog(512, wasmAbsorber()) },
  "ec-p256": {
    oid: "2.16.840.1.101.3.4.2.1",
    nullParameter: false,
    length: 32,
    create: () => {
      const hash = createHash("sha256");
      return { update: (data) => void hash.update(data), digest: () => new Uint8Array(hash.digest()) };
    },
  },
};

export function digestOf(algorithm: KeyAlgorithmName, data: Uint8Array): Uint8Array {
  const hasher = DIGESTS[algorithm].create();
  hasher.update(data);
  return hasher.digest();
}
