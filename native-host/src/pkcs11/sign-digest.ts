import pkcs11js from "pkcs11js";
import type { KeyAlgorithmName } from "../../../shared/protocol/index.ts";
import { HostError } from "../errors.ts";
import { findAll } from "./attributes.ts";
import { KEY_ALGORITHMS } from "./key-algorithms.ts";

/**
 * Signs a digest computed in the host with the private key of the pair `keyId` (CKA_ID):
 * GOST returns s‖r, ECDSA r‖s. Requests and CMS both sign this way.
 */
export function signDigest(lib: pkcs11js.PKCS11, session: pkcs11js.Handle, keyId: string, algorithm: KeyAlgorithmName, digest: Uint8Array): Uint8Array {
  const [key] = findAll(lib, session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
    { type: pkcs11js.CKA_ID, value: Buffer.from(keyId, "hex") },
  ]);
  if (!key) throw new HostError("KEY_NOT_FOUND", `no private key with CKA_ID ${keyId} on the token`);
  lib.C_SignInit(session, { mechanism: KEY_ALGORITHMS[algorithm].signDigest }, key);
  return new Uint8Array(lib.C_Sign(session, Buffer.from(digest), Buffer.alloc(256)));
}
