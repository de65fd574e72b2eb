import pkcs11js from "./pkcs11js.ts";
import { KEY_TYPES } from "../../../shared/algorithms/registry.ts";
import type { KeyAlgorithmName } from "../../../shared/protocol/index.ts";
import { pkcs11Code } from "./constants.ts";
import { findPrivateKey } from "./private-key.ts";

/**
 * Signs a digest computed in the host with the private key of the pair `keyId` (CKA_ID):
 * GOST returns s‖r, ECDSA r‖s. Requests and CMS both sign this way.
 */
export function signDigest(lib: pkcs11js.PKCS11, session: pkcs11js.Handle, keyId: string, algorithm: KeyAlgorithmName, digest: Uint8Array): Uint8Array {
  const key = findPrivateKey(lib, session, keyId);
  lib.C_SignInit(session, { mechanism: pkcs11Code(KEY_TYPES[algorithm].pkcs11.sign) }, key);
  return new Uint8Array(lib.C_Sign(session, Buffer.from(digest), Buffer.alloc(256)));
}
