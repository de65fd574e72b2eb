import { KepError } from "../../../shared/protocol/index.ts";
import pkcs11js from "./pkcs11js.ts";
import { readAttributes } from "./attributes.ts";
import { ckrCode } from "./ckr.ts";
import { CKM_GOSTR3410_12_DERIVE } from "./constants.ts";

/** What VKO GOST R 34.10-2012 with kdf CKD_NULL yields: a GOST 28147-89 key of 32 bytes. */
export const VKO_KEY_BYTES = 32;

/**
 * Return values by which a token says "not with this key": no CKA_DERIVE on it
 * (KEY_FUNCTION_NOT_PERMITTED), no VKO on the token (MECHANISM_INVALID), or a key VKO does
 * not take (KEY_TYPE_INCONSISTENT).
 */
const REFUSED = new Set([0x68, 0x70, 0x63]);

/** The derived key only has to exist long enough to be read back, so it is a session object. */
const TEMPLATE: pkcs11js.Template = [
  { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
  { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_GOST28147 },
  { type: pkcs11js.CKA_TOKEN, value: false },
  { type: pkcs11js.CKA_SENSITIVE, value: false },
  { type: pkcs11js.CKA_EXTRACTABLE, value: true },
];

/**
 * VKO GOST R 34.10-2012 on the token: C_DeriveKey with CKM_GOSTR3410_12_DERIVE, the private key
 * `key`, the peer's public value as PKCS#11 takes it (LE(x)‖LE(y)) and the UKM. Returns the
 * shared key the token computed; the token's private key is used there and never read. The
 * derived object is destroyed before returning, so nothing of the exchange stays on the token.
 */
export function deriveVko(lib: pkcs11js.PKCS11, session: pkcs11js.Handle, key: pkcs11js.Handle, peerPublicKey: Uint8Array, ukm: Uint8Array): Uint8Array {
  const parameter: pkcs11js.GostR3410DeriveParams = {
    type: pkcs11js.CK_PARAM_GOSTR3410_DERIVE,
    kdf: pkcs11js.CKD_NULL,
    publicData: Buffer.from(peerPublicKey),
    ukm: Buffer.from(ukm),
  };
  let derived: pkcs11js.Handle;
  try {
    derived = lib.C_DeriveKey(session, { mechanism: CKM_GOSTR3410_12_DERIVE, parameter }, key, TEMPLATE);
  } catch (error) {
    const code = ckrCode(error);
    if (code !== undefined && REFUSED.has(code)) {
      throw new KepError("KEY_CANNOT_DERIVE", `the token refused VKO with this key (CKR 0x${code.toString(16)})`, {
        problemRu: "Токен не разрешает выработку общего ключа (VKO) с этим ключом.",
        problemEn: "The token does not allow key agreement (VKO) with this key.",
      });
    }
    throw error;
  }
  let value: Buffer | undefined;
  try {
    value = readAttributes(lib, session, derived, [pkcs11js.CKA_VALUE]).get(pkcs11js.CKA_VALUE);
  } finally {
    lib.C_DestroyObject(session, derived);
  }
  if (value?.length !== VKO_KEY_BYTES) {
    throw new KepError("INTERNAL", `the token returned a VKO key of ${value?.length ?? "unreadable"} bytes, ${VKO_KEY_BYTES} expected`);
  }
  return new Uint8Array(value);
}
