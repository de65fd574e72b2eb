import pkcs11js from "./pkcs11js.ts";
import { ckrCode } from "./ckr.ts";

/**
 * Reads several attributes of an object; an attribute the object does not have (or may
 * not reveal) comes back undefined instead of failing the whole read, which is how one
 * missing attribute makes C_GetAttributeValue fail for every vendor.
 */
export function readAttributes(
  lib: pkcs11js.PKCS11,
  session: pkcs11js.Handle,
  object: pkcs11js.Handle,
  types: readonly number[],
): Map<number, Buffer | undefined> {
  const result = new Map<number, Buffer | undefined>();
  try {
    for (const attr of lib.C_GetAttributeValue(
      session,
      object,
      types.map((type) => ({ type })),
    )) {
      result.set(attr.type, attr.value);
    }
    return result;
  } catch (error) {
    const code = ckrCode(error);
    if (code !== pkcs11js.CKR_ATTRIBUTE_TYPE_INVALID && code !== pkcs11js.CKR_ATTRIBUTE_SENSITIVE) throw error;
  }
  for (const type of types) {
    try {
      result.set(type, lib.C_GetAttributeValue(session, object, [{ type }])[0]?.value);
    } catch (error) {
      const code = ckrCode(error);
      if (code !== pkcs11js.CKR_ATTRIBUTE_TYPE_INVALID && code !== pkcs11js.CKR_ATTRIBUTE_SENSITIVE) throw error;
      result.set(type, undefined);
    }
  }
  return result;
}

export function ulongOf(value: Buffer | undefined): number | undefined {
  if (!value || value.length === 0) return undefined;
  return value.length >= 8 ? Number(value.readBigUInt64LE(0)) : value.readUInt32LE(0);
}

export function findAll(lib: pkcs11js.PKCS11, session: pkcs11js.Handle, template: pkcs11js.Template): pkcs11js.Handle[] {
  lib.C_FindObjectsInit(session, template);
  try {
    const found: pkcs11js.Handle[] = [];
    for (;;) {
      const batch = lib.C_FindObjects(session, 64);
      found.push(...batch);
      if (batch.length < 64) return found;
    }
  } finally {
    lib.C_FindObjectsFinal(session);
  }
}
