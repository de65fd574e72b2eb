import { AsnConvert, AsnIntegerArrayBufferConverter, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from "@peculiar/asn1-schema";
import type { SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { keyTypeOfPublicKey, type CertificateKeyAlgorithm } from "../algorithms/registry.ts";
import { derContent } from "../der.ts";
import { CertificateParseError } from "../x509/errors.ts";
import { PARAM_SETS, PUBLIC_KEY_ALGORITHMS } from "../x509/oids.ts";
import type { PublicKeyInfo } from "../x509/types.ts";
import { isSingleValue } from "./single-value.ts";

const TAG_OCTET_STRING = 0x04;

/** GostR3410-2012-PublicKeyParameters (RFC 9215 §4.2.1; docs/gost-pkcs11.md#parameter-sets). */
class GostKeyParameters {
  publicKeyParamSet = "";
  digestParamSet?: string;
  encryptionParamSet?: string;
}
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(GostKeyParameters.prototype, "publicKeyParamSet");
AsnProp({ type: AsnPropTypes.ObjectIdentifier, optional: true })(GostKeyParameters.prototype, "digestParamSet");
AsnProp({ type: AsnPropTypes.ObjectIdentifier, optional: true })(GostKeyParameters.prototype, "encryptionParamSet");

/** ECParameters (RFC 5480 §2.1.1): only a named curve has a name to show. */
class EcParameters {
  namedCurve?: string;
}
AsnType({ type: AsnTypeTypes.Choice })(EcParameters);
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(EcParameters.prototype, "namedCurve");

/** RSAPublicKey (RFC 8017 §A.1.1). */
class RsaPublicKey {
  modulus = new ArrayBuffer(0);
  publicExponent = new ArrayBuffer(0);
}
AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter })(RsaPublicKey.prototype, "modulus");
AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter })(RsaPublicKey.prototype, "publicExponent");

function parseSingle<T>(der: Uint8Array, target: new () => T): T | null {
  if (!isSingleValue(der)) return null;
  try {
    return AsnConvert.parse(der, target);
  } catch {
    return null;
  }
}

/** The GOST publicKeyParamSet or the EC named curve; null for RSA, implicit curves and unreadable parameters. */
function paramSetOf(algorithm: CertificateKeyAlgorithm, parameters: ArrayBuffer | null | undefined): string | null {
  if (!parameters || algorithm === "rsa" || algorithm === "other") return null;
  const der = new Uint8Array(parameters);
  if (algorithm === "ec" || algorithm === "ec-p256") return parseSingle(der, EcParameters)?.namedCurve ?? null;
  return parseSingle(der, GostKeyParameters)?.publicKeyParamSet ?? null;
}

function rsaModulus(key: Uint8Array): Uint8Array {
  const rsa = parseSingle(key, RsaPublicKey);
  if (!rsa) throw new CertificateParseError("RSA public key is not an RSAPublicKey");
  const modulus = new Uint8Array(rsa.modulus);
  // The INTEGER has a 00 sign byte when the top bit is set; CKA_MODULUS does not.
  return modulus[0] === 0 ? modulus.subarray(1) : modulus;
}

/** See PublicKeyInfo.raw: the key as a PKCS#11 token holds it, from the SPKI's BIT STRING bytes. */
export function rawKey(algorithm: CertificateKeyAlgorithm, key: Uint8Array): Uint8Array {
  switch (algorithm) {
    case "gost2012-256":
    case "gost2012-512":
    case "gost2001":
      // The TLV reader rather than the schema's OctetString: the token listing unwraps every
      // certificate's key, and with the schema parse certificateParts took 85–220 µs of CPU
      // per certificate instead of 8–27 µs (npm run bench -- certificate-read).
      try {
        return derContent(key, TAG_OCTET_STRING);
      } catch (cause) {
        throw new CertificateParseError("GOST public key is not an OCTET STRING", { cause });
      }
    case "rsa":
      return rsaModulus(key);
    case "ec":
    case "ec-p256":
    case "other":
      return key;
  }
}

export function parsePublicKey(spki: SubjectPublicKeyInfo): PublicKeyInfo {
  const oid = spki.algorithm.algorithm;
  const family = PUBLIC_KEY_ALGORITHMS[oid] ?? "other";
  const paramSet = paramSetOf(family, spki.algorithm.parameters);
  const algorithm = keyTypeOfPublicKey(oid, paramSet) ?? family;
  return {
    algorithm,
    oid,
    paramSet,
    paramSetName: paramSet === null ? null : (PARAM_SETS[paramSet] ?? null),
    // A copy, so raw.buffer holds just the key for callers that wrap it (Buffer.from).
    raw: rawKey(family, new Uint8Array(spki.subjectPublicKey)).slice(),
  };
}
