import { keyTypeOfPublicKey } from "../algorithms/registry.ts";
import { Streebog } from "../crypto/streebog.ts";
import { wasmAbsorber } from "../crypto/streebog-wasm.ts";
import type { KeyAlgorithmName } from "../protocol/index.ts";
import { parseCertificate } from "../x509/index.ts";

/** The algorithm the key of this certificate signs with, as the host names it; undefined for keys kep-bridge does not sign with. */
export function signingAlgorithmOf(certificate: Uint8Array): KeyAlgorithmName | undefined {
  const key = parseCertificate(certificate).publicKey;
  return keyTypeOfPublicKey(key.oid, key.paramSet);
}

/**
 * A document's messageDigest for a key of `algorithm`, computed where the document is: the
 * host signs only this digest's signed attributes. Streebog runs its whole blocks in
 * WebAssembly; SHA-256 comes from WebCrypto, present in extension workers and Node alike.
 */
export async function documentDigest(algorithm: KeyAlgorithmName, content: Uint8Array): Promise<Uint8Array> {
  if (algorithm === "ec-p256") return new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(content)));
  const hash = new Streebog(algorithm === "gost2012-512" ? 512 : 256, wasmAbsorber());
  hash.update(content);
  return hash.digest();
}
