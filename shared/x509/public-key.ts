import type { SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { decodeOid, derContent } from "../der.ts";
import { CertificateParseError } from "./errors.ts";
import { PARAM_SETS, PUBLIC_KEY_ALGORITHMS } from "./oids.ts";
import { readChildren, readTlv } from "./tlv.ts";
import type { PublicKeyAlgorithm, PublicKeyInfo } from "./types.ts";

const TAG_OID = 0x06;
const TAG_SEQUENCE = 0x30;
const TAG_INTEGER = 0x02;
const TAG_OCTET_STRING = 0x04;

/**
 * GOST keys: parameters are SEQUENCE { publicKeyParamSet, digestParamSet?, ... } (facts
 * §3.3); EC keys: a namedCurve OID. RSA has none, and implicit curves have no name.
 */
function paramSetOf(algorithm: PublicKeyAlgorithm, parameters: ArrayBuffer | null | undefined): string | null {
  if (!parameters || algorithm === "rsa" || algorithm === "other") return null;
  const tlv = readTlv(new Uint8Array(parameters));
  const oid = algorithm === "ec" ? tlv : tlv?.tag === TAG_SEQUENCE ? readChildren(tlv.body)?.[0] : undefined;
  if (oid?.tag !== TAG_OID) return null;
  try {
    return decodeOid(oid.raw);
  } catch {
    return null;
  }
}

function rsaModulus(key: Uint8Array): Uint8Array {
  const seq = readTlv(key);
  const modulus = seq?.tag === TAG_SEQUENCE ? readChildren(seq.body)?.[0] : undefined;
  if (!modulus || modulus.tag !== TAG_INTEGER) throw new CertificateParseError("RSA public key is not an RSAPublicKey");
  // The INTEGER has a 00 sign byte when the top bit is set; CKA_MODULUS does not.
  return modulus.body[0] === 0 ? modulus.body.subarray(1) : modulus.body;
}

export function rawKey(algorithm: PublicKeyAlgorithm, key: Uint8Array): Uint8Array {
  switch (algorithm) {
    case "gost2012-256":
    case "gost2012-512":
    case "gost2001":
      try {
        return derContent(key, TAG_OCTET_STRING);
      } catch (cause) {
        throw new CertificateParseError("GOST public key is not an OCTET STRING", { cause });
      }
    case "rsa":
      return rsaModulus(key);
    case "ec":
    case "other":
      return key;
  }
}

export function parsePublicKey(spki: SubjectPublicKeyInfo): PublicKeyInfo {
  const oid = spki.algorithm.algorithm;
  const algorithm = PUBLIC_KEY_ALGORITHMS[oid] ?? "other";
  const paramSet = paramSetOf(algorithm, spki.algorithm.parameters);
  return {
    algorithm,
    oid,
    paramSet,
    paramSetName: paramSet === null ? null : (PARAM_SETS[paramSet] ?? null),
    // A copy, so raw.buffer holds just the key for callers that wrap it (Buffer.from).
    raw: rawKey(algorithm, new Uint8Array(spki.subjectPublicKey)).slice(),
  };
}
