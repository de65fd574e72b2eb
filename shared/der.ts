/**
 * The few single DER values PKCS#11 attributes hold: CKA_GOSTR3410_PARAMS and CKA_EC_PARAMS
 * an encoded OBJECT IDENTIFIER, CKA_EC_POINT an OCTET STRING. Encoded and decoded by the
 * schema library's OID converter; the length walk is the x509 TLV reader's.
 */
import { AsnConvert, AsnObjectIdentifierConverter, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from "@peculiar/asn1-schema";
import { readTlv } from "./x509/tlv.ts";

const TAG_OID = 0x06;

class OidValue {
  oid = "";
}
AsnType({ type: AsnTypeTypes.Choice })(OidValue);
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(OidValue.prototype, "oid");

/** Content of a single TLV with the expected tag; throws on another tag or bad length. */
export function derContent(der: Uint8Array, tag: number): Uint8Array {
  const tlv = readTlv(der);
  if (!tlv || tlv.end !== der.length) throw new Error("DER: length does not match");
  if (tlv.tag !== tag) throw new Error(`DER: expected tag 0x${tag.toString(16)}`);
  return tlv.body;
}

export function decodeOid(der: Uint8Array): string {
  if (derContent(der, TAG_OID).length === 0) throw new Error("DER: empty OID");
  return AsnConvert.parse(der, OidValue).oid;
}

const DOTTED = /^[0-2](\.(0|[1-9]\d*))+$/;

export function encodeOid(oid: string): Uint8Array {
  const [first, second] = oid.split(".").map(Number);
  if (!DOTTED.test(oid) || (first! < 2 && second! >= 40)) throw new Error(`bad OID ${oid}`);
  return new Uint8Array(AsnObjectIdentifierConverter.toASN(oid).toBER());
}
