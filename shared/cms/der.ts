/**
 * DER reading for the CMS verifier on top of the x509 TLV walker: every structural surprise
 * becomes a CmsError naming the field, so `kep verify` can say what is wrong with a file.
 */
import { decodeOid } from "../der.ts";
import { readChildren, readTlv, type Tlv } from "../x509/tlv.ts";
import { CmsError } from "./errors.ts";

export const TAG_INTEGER = 0x02;
export const TAG_BIT_STRING = 0x03;
export const TAG_OCTET_STRING = 0x04;
export const TAG_OID = 0x06;
export const TAG_UTC_TIME = 0x17;
export const TAG_GENERALIZED_TIME = 0x18;
export const TAG_SEQUENCE = 0x30;
export const TAG_SET = 0x31;
export const TAG_CONTEXT_0 = 0xa0;
export const TAG_CONTEXT_1 = 0xa1;
export const TAG_CONTEXT_3 = 0xa3;
/** [0] IMPLICIT OCTET STRING, the subjectKeyIdentifier choice of a SignerIdentifier. */
export const TAG_CONTEXT_0_PRIMITIVE = 0x80;

/** The single TLV that must fill `bytes` exactly. */
export function wholeTlv(bytes: Uint8Array, tag: number, what: string): Tlv {
  const tlv = readTlv(bytes);
  if (!tlv || tlv.end !== bytes.length) throw new CmsError(`${what} is not a complete DER value`);
  return expectTag(tlv, tag, what);
}

export function expectTag(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (!tlv) throw new CmsError(`${what} is missing`);
  if (tlv.tag !== tag) {
    throw new CmsError(`${what} has tag 0x${tlv.tag.toString(16)}, expected 0x${tag.toString(16)}`);
  }
  return tlv;
}

/** The children of a constructed value with the expected tag. */
export function children(tlv: Tlv | undefined, tag: number, what: string): Tlv[] {
  const list = readChildren(expectTag(tlv, tag, what).body);
  if (!list) throw new CmsError(`${what} does not contain well-formed DER`);
  return list;
}

export function oid(tlv: Tlv | undefined, what: string): string {
  try {
    return decodeOid(expectTag(tlv, TAG_OID, what).raw);
  } catch (cause) {
    if (cause instanceof CmsError) throw cause;
    throw new CmsError(`${what} is not an object identifier`, { cause });
  }
}

/** The OID of an AlgorithmIdentifier, ignoring its parameters. */
export function algorithmOid(tlv: Tlv | undefined, what: string): string {
  return oid(children(tlv, TAG_SEQUENCE, what)[0], `${what} algorithm`);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
