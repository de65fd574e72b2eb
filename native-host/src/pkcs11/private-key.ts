import { KepError } from "../../../shared/protocol/index.ts";
import pkcs11js from "./pkcs11js.ts";
import { findAll } from "./attributes.ts";

/** The private key of the pair `keyId` (CKA_ID, hex), as signing and key agreement use it. */
export function findPrivateKey(lib: pkcs11js.PKCS11, session: pkcs11js.Handle, keyId: string): pkcs11js.Handle {
  const [key] = findAll(lib, session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
    { type: pkcs11js.CKA_ID, value: Buffer.from(keyId, "hex") },
  ]);
  if (!key) throw new KepError("KEY_NOT_FOUND", `no private key with CKA_ID ${keyId} on the token`);
  return key;
}
