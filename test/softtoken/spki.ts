/** SubjectPublicKeyInfo from a token's public CKA_VALUE (raw LE(x)||LE(y), docs/gost-pkcs11.md#public-key). */
import { BY_SIZE, type ParamSet } from "./gost.ts";
import { bitString, octetString, oid, seq } from "./der.ts";

export function spkiFromTokenValue(value: Uint8Array, ps: ParamSet): Buffer {
  if (value.length !== ps.bits / 4) throw new Error(`public value must be ${ps.bits / 4} bytes`);
  const size = BY_SIZE[ps.bits];
  const params = ps.spkiDigestParam ? seq(oid(ps.oid), oid(size.digestOid)) : seq(oid(ps.oid));
  return seq(seq(oid(size.keyAlgOid), params), bitString(octetString(value)));
}

export function pem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}
