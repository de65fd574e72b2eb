import { children, readTlv } from "../der.ts";
import type { ParamSet } from "../gost.ts";
import type { OpenSsl } from "./openssl.ts";

/**
 * An OpenSSL GOST key as a token imports it: the public CKA_VALUE (the content of the SPKI's
 * OCTET STRING, its last bits/4 bytes) and the private scalar, little-endian. gost-engine puts
 * the bare scalar in PKCS#8's privateKey OCTET STRING, where other writers wrap it in an inner
 * OCTET STRING. The length tells them apart; the first byte does not, since 1 scalar in 256
 * starts with 0x04 itself.
 */
export function opensslKeyMaterial(ssl: OpenSsl, keyFile: string, ps: ParamSet): { value: Buffer; scalar: Buffer } {
  const spki = ssl.run(["pkey", "-in", keyFile, "-pubout", "-outform", "DER"]);
  const value = spki.subarray(spki.length - ps.bits / 4);
  const octet = children(readTlv(ssl.run(["pkey", "-in", keyFile, "-outform", "DER"])))[2];
  if (!octet) throw new Error("unexpected PKCS#8 layout from openssl");
  const size = ps.bits / 8;
  const scalar = octet.content.length === size ? octet.content : readTlv(octet.content).content;
  if (scalar.length !== size) throw new Error(`unexpected private key of ${scalar.length} bytes from openssl (${size} expected)`);
  return { value: Buffer.from(value), scalar: Buffer.from(scalar) };
}
