import pkcs11js from "./pkcs11js.ts";
import { ckrCode } from "./ckr.ts";

/**
 * Template complaints with which a token refuses an attribute it does not support, where a
 * second try without that attribute succeeds (libp11 and pkcs11-provider retry the same way).
 */
const TEMPLATE_REFUSALS = new Set([
  0x12 /* ATTRIBUTE_TYPE_INVALID */, 0x13 /* ATTRIBUTE_VALUE_INVALID */, 0xd0 /* TEMPLATE_INCOMPLETE */, 0xd1 /* TEMPLATE_INCONSISTENT */,
]);

/**
 * Generates a key pair whose private key may also do key agreement (CKA_DERIVE), which GOST TLS
 * client authentication needs; a token that refuses the attribute gets the same templates
 * without it, so the key pair is still made, as before, for signing.
 */
export function generateAllowingDerive(
  lib: pkcs11js.PKCS11,
  session: pkcs11js.Handle,
  mechanism: pkcs11js.Mechanism,
  publicTemplate: pkcs11js.Template,
  privateTemplate: pkcs11js.Template,
): pkcs11js.KeyPair {
  try {
    return lib.C_GenerateKeyPair(session, mechanism, publicTemplate, [...privateTemplate, { type: pkcs11js.CKA_DERIVE, value: true }]);
  } catch (error) {
    const code = ckrCode(error);
    if (code === undefined || !TEMPLATE_REFUSALS.has(code)) throw error;
  }
  return lib.C_GenerateKeyPair(session, mechanism, publicTemplate, privateTemplate);
}
