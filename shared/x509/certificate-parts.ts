import { decodeOid } from "../der.ts";
import { CertificateParseError } from "./errors.ts";
import { PUBLIC_KEY_ALGORITHMS } from "./oids.ts";
import { rawKey } from "../pkix/public-key.ts";
import { certificateTime } from "../pkix/time.ts";
import { readChildren, readTlv, type Tlv } from "./tlv.ts";

const TAG_SEQUENCE = 0x30;
const TAG_EXPLICIT_VERSION = 0xa0;
const TAG_BIT_STRING = 0x03;
const TAG_UTC_TIME = 0x17;
const TAG_GENERALIZED_TIME = 0x18;

/**
 * The parts of a certificate the host needs on every listing and write, found by
 * walking the DER: PKCS#11 wants the issuer, subject and serial as their DER encodings,
 * and pairing wants the public key. Kept by hand for one measured reason: the token listing
 * reads every certificate on every listing to pair it with its key, and decoding with the
 * schema library (pkix/certificate.ts) costs 15–20 times this walk: 0.8–1.9 ms of CPU per
 * FNS-profile certificate on the 2-core test machine (npm run bench -- certificate-read).
 */
export interface CertificateParts {
  /** The serialNumber INTEGER, tag and length included, as CKA_SERIAL_NUMBER holds it. */
  serialNumber: Uint8Array;
  /** The issuer Name, DER, as CKA_ISSUER holds it. */
  issuer: Uint8Array;
  /** The subject Name, DER, as CKA_SUBJECT holds it. */
  subject: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** As parseCertificate's publicKey.raw: what the token's public key object holds. */
  publicKey: Uint8Array;
}

function time(tlv: Tlv | undefined): Date {
  if (tlv?.tag === TAG_UTC_TIME) return certificateTime("utc", String.fromCharCode(...tlv.body));
  if (tlv?.tag === TAG_GENERALIZED_TIME) return certificateTime("generalized", String.fromCharCode(...tlv.body));
  throw new CertificateParseError("certificate validity is not a UTCTime or GeneralizedTime");
}

function publicKeyOf(spki: Tlv | undefined): Uint8Array {
  const parts = spki?.tag === TAG_SEQUENCE ? readChildren(spki.body) : null;
  const algorithm = parts?.[0]?.tag === TAG_SEQUENCE ? readChildren(parts[0].body)?.[0] : undefined;
  const bits = parts?.[1];
  if (!algorithm || bits?.tag !== TAG_BIT_STRING || bits.body[0] !== 0) {
    throw new CertificateParseError("certificate has no readable subjectPublicKeyInfo");
  }
  let oid: string;
  try {
    oid = decodeOid(algorithm.raw);
  } catch (cause) {
    throw new CertificateParseError("public key algorithm is not an OID", { cause });
  }
  return rawKey(PUBLIC_KEY_ALGORITHMS[oid] ?? "other", bits.body.subarray(1)).slice();
}

export function certificateParts(der: Uint8Array): CertificateParts {
  const cert = readTlv(der);
  if (!cert || cert.tag !== TAG_SEQUENCE || cert.end !== der.length) throw new CertificateParseError("not a DER certificate");
  const tbs = readTlv(cert.body);
  const fields = tbs?.tag === TAG_SEQUENCE ? readChildren(tbs.body) : null;
  if (!fields) throw new CertificateParseError("not a DER certificate");
  // [0] version?, serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
  const at = fields[0]?.tag === TAG_EXPLICIT_VERSION ? 1 : 0;
  const [serial, , issuer, validity, subject, spki] = fields.slice(at);
  const times = validity?.tag === TAG_SEQUENCE ? readChildren(validity.body) : null;
  if (!serial || !issuer || !subject || !times) throw new CertificateParseError("certificate is missing TBS fields");
  return {
    serialNumber: serial.raw.slice(),
    issuer: issuer.raw.slice(),
    subject: subject.raw.slice(),
    notBefore: time(times[0]),
    notAfter: time(times[1]),
    publicKey: publicKeyOf(spki),
  };
}

/** Just the subject public key; see certificateParts. */
export function subjectPublicKeyRaw(der: Uint8Array): Uint8Array {
  return certificateParts(der).publicKey;
}
