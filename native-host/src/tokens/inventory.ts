import pkcs11js from "../pkcs11/pkcs11js.ts";
import { decodeOid, derContent } from "../../../shared/der.ts";
import { toHex } from "../../../shared/encoding.ts";
import { CKK_GOSTR3410_512 } from "../pkcs11/constants.ts";
import { findAll, readAttributes, ulongOf } from "../pkcs11/attributes.ts";

/**
 * What a token holds, read in one session: certificates and key objects with the
 * attributes that identify and pair them. Handles are valid only inside that session;
 * anything that outlives it names objects by CKA_ID and certificate thumbprint.
 */

export interface RawCertificate {
  handle: pkcs11js.Handle;
  id: string;
  label: string;
  der: Uint8Array;
  category: number | null;
}

function oidOf(value: Buffer | undefined): string | null {
  if (!value?.length) return null;
  try {
    return decodeOid(value);
  } catch {
    return null;
  }
}

const isGost = (keyType: number | undefined) => keyType === pkcs11js.CKK_GOSTR3410 || keyType === CKK_GOSTR3410_512;

/** The public key bytes as a certificate's SPKI carries them, so the two compare directly. */
function publicKeyOf(keyType: number | undefined, attrs: Map<number, Buffer | undefined>): Uint8Array | null {
  if (isGost(keyType)) return attrs.get(pkcs11js.CKA_VALUE) ?? null;
  if (keyType === pkcs11js.CKK_EC) {
    const point = attrs.get(pkcs11js.CKA_EC_POINT);
    if (!point?.length) return null;
    // PKCS#11 wraps the EC point in an OCTET STRING; some older modules store it bare.
    try {
      return derContent(point, 0x04);
    } catch {
      return point;
    }
  }
  return null;
}

export interface RawKey {
  handle: pkcs11js.Handle;
  id: string;
  label: string;
  keyType: number | undefined;
  paramSet: string | null;
  digestParams: string | null;
  publicKey: Uint8Array | null;
  isPrivate: boolean;
}

/**
 * Attributes worth reading per key type. Asking a key for an attribute its type lacks
 * fails the whole read and forces one call per attribute, so each type gets its own list.
 */
function keyAttributes(keyType: number | undefined, isPrivate: boolean): number[] {
  if (isGost(keyType)) {
    return [pkcs11js.CKA_GOSTR3410_PARAMS, pkcs11js.CKA_GOSTR3411_PARAMS, ...(isPrivate ? [] : [pkcs11js.CKA_VALUE])];
  }
  if (keyType === pkcs11js.CKK_EC) return [pkcs11js.CKA_EC_PARAMS, ...(isPrivate ? [] : [pkcs11js.CKA_EC_POINT])];
  return [];
}

export function readKey(lib: pkcs11js.PKCS11, session: pkcs11js.Handle, handle: pkcs11js.Handle, isPrivate: boolean): RawKey {
  const common = readAttributes(lib, session, handle, [pkcs11js.CKA_ID, pkcs11js.CKA_LABEL, pkcs11js.CKA_KEY_TYPE]);
  const keyType = ulongOf(common.get(pkcs11js.CKA_KEY_TYPE));
  const specific = keyAttributes(keyType, isPrivate);
  const attrs = new Map([...common, ...(specific.length ? readAttributes(lib, session, handle, specific) : [])]);
  return {
    handle,
    id: toHex(attrs.get(pkcs11js.CKA_ID) ?? Buffer.alloc(0)),
    label: attrs.get(pkcs11js.CKA_LABEL)?.toString("utf8") ?? "",
    keyType,
    paramSet: oidOf(attrs.get(pkcs11js.CKA_GOSTR3410_PARAMS)) ?? oidOf(attrs.get(pkcs11js.CKA_EC_PARAMS)),
    digestParams: oidOf(attrs.get(pkcs11js.CKA_GOSTR3411_PARAMS)),
    publicKey: isPrivate ? null : publicKeyOf(keyType, attrs),
    isPrivate,
  };
}

export function readCertificates(lib: pkcs11js.PKCS11, session: pkcs11js.Handle): RawCertificate[] {
  return findAll(lib, session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
    { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
  ]).map((handle) => {
    const attrs = readAttributes(lib, session, handle, [pkcs11js.CKA_ID, pkcs11js.CKA_LABEL, pkcs11js.CKA_VALUE, pkcs11js.CKA_CERTIFICATE_CATEGORY]);
    return {
      handle,
      id: toHex(attrs.get(pkcs11js.CKA_ID) ?? Buffer.alloc(0)),
      label: attrs.get(pkcs11js.CKA_LABEL)?.toString("utf8") ?? "",
      der: new Uint8Array(attrs.get(pkcs11js.CKA_VALUE) ?? Buffer.alloc(0)),
      category: ulongOf(attrs.get(pkcs11js.CKA_CERTIFICATE_CATEGORY)) ?? null,
    };
  });
}

/** Public and private key objects; private ones appear only in a logged-in session. */
export function readKeys(lib: pkcs11js.PKCS11, session: pkcs11js.Handle): RawKey[] {
  return [
    ...findAll(lib, session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY }]).map((h) => readKey(lib, session, h, false)),
    ...findAll(lib, session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }]).map((h) => readKey(lib, session, h, true)),
  ];
}
