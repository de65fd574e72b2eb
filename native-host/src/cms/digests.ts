import { createHash } from "node:crypto";
import { DIGESTS as DIGEST_ROWS, KEY_TYPES, type Digest, type DigestName } from "../../../shared/algorithms/registry.ts";
import { Streebog } from "../../../shared/crypto/streebog.ts";
import { wasmAbsorber } from "../../../shared/crypto/streebog-wasm.ts";
import { KEY_ALGORITHM_NAMES, type KeyAlgorithmName } from "../../../shared/protocol/index.ts";

export interface Hasher {
  update(data: Uint8Array): void;
  digest(): Uint8Array;
}

export interface DigestAlgorithm extends Digest {
  create(): Hasher;
}

const HASHERS: Readonly<Record<DigestName, () => Hasher>> = {
  "streebog-256": () => new Streebog(256, wasmAbsorber()),
  "streebog-512": () => new Streebog(512, wasmAbsorber()),
  "sha-256": () => {
    const hash = createHash("sha256");
    return { update: (data) => void hash.update(data), digest: () => new Uint8Array(hash.digest()) };
  },
};

/**
 * The digest each key algorithm signs with, in the host's process: signed attributes, the
 * signer's certificate, and the files the CLI signs (a page's document is hashed in the
 * background, shared/cms/document-digest.ts). In software, as CryptoPro and the Rutoken
 * plug-in do: a token hashes at USB speed, and a large document never has to cross to it. Streebog's whole blocks go through WebAssembly, about
 * 4× the TypeScript speed and on par with OpenSSL.
 */
export const DIGESTS = Object.fromEntries(
  KEY_ALGORITHM_NAMES.map((name) => {
    const digest = KEY_TYPES[name].digest;
    return [name, { ...DIGEST_ROWS[digest], create: HASHERS[digest] }];
  }),
) as Readonly<Record<KeyAlgorithmName, DigestAlgorithm>>;

export function digestOf(algorithm: KeyAlgorithmName, data: Uint8Array): Uint8Array {
  const hasher = DIGESTS[algorithm].create();
  hasher.update(data);
  return hasher.digest();
}
