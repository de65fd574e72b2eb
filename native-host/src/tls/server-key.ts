/** The server certificate's public key in the forms key agreement needs. */
import { OctetString } from "@peculiar/asn1-schema";
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import type { AffinePoint } from "../../../shared/crypto/gost3410.ts";
import { GOST_CURVES, type GostCurve } from "../../../shared/crypto/gost3410-params.ts";
import type { CertificateInfo } from "../../../shared/x509/index.ts";
import { littleEndianBigInt } from "./bytes.ts";
import { knownCertificate } from "./certificate-cache.ts";
import { derOf } from "./key-transport-asn1.ts";
import { TlsError } from "./errors.ts";

export interface GostPublicKey {
  curve: GostCurve;
  paramSet: string;
  algorithm: "gost2012-256" | "gost2012-512";
  /** LE(x) ‖ LE(y), as the certificate and PKCS#11 carry it. */
  raw: Uint8Array;
  point: AffinePoint;
  /** The certificate's SubjectPublicKeyInfo algorithm, reused for ephemeral keys on the same curve. */
  spkiAlgorithm: AlgorithmIdentifier;
}

function toLittleEndian(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++, value >>= 8n) out[i] = Number(value & 0xffn);
  return out;
}

export function pointBytes(point: AffinePoint, size: number): Uint8Array {
  const out = new Uint8Array(2 * size);
  out.set(toLittleEndian(point.x, size));
  out.set(toLittleEndian(point.y, size), size);
  return out;
}

export function gostPublicKey(der: Uint8Array, info: CertificateInfo): GostPublicKey {
  const { algorithm, paramSet, raw } = info.publicKey;
  const curve = paramSet === null ? undefined : GOST_CURVES[paramSet];
  if ((algorithm !== "gost2012-256" && algorithm !== "gost2012-512") || !curve || paramSet === null || raw.length !== 2 * curve.size) {
    throw new TlsError("TLS_HANDSHAKE_FAILED", `certificate key ${info.publicKey.oid} is not a GOST R 34.10-2012 key`, {
      problemEn: "The certificate's key is not a GOST R 34.10-2012 key.",
      problemRu: "Ключ сертификата — не ключ ГОСТ Р 34.10-2012.",
    });
  }
  const n = curve.size;
  return {
    curve,
    paramSet,
    algorithm,
    raw,
    point: { x: littleEndianBigInt(raw.subarray(0, n)), y: littleEndianBigInt(raw.subarray(n)) },
    spkiAlgorithm: knownCertificate(der).asn.tbsCertificate.subjectPublicKeyInfo.algorithm,
  };
}

/** An ephemeral public key on the server key's curve, as a SubjectPublicKeyInfo. */
export function ephemeralSpki(server: GostPublicKey, point: AffinePoint): SubjectPublicKeyInfo {
  // The BIT STRING holds an OCTET STRING of LE(x) ‖ LE(y) (RFC 4491 §2.3.2).
  const octets = new OctetString(pointBytes(point, server.curve.size));
  return new SubjectPublicKeyInfo({ algorithm: server.spkiAlgorithm, subjectPublicKey: derOf(octets).slice().buffer });
}
