import { AlgorithmIdentifier, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { describe, expect, test } from "vitest";
import { CertificateParseError, parseCertificate, subjectPublicKeyRaw } from "../../../shared/x509/index.ts";
import { buildCertificate } from "./build-cert.ts";

function parseError(der: Uint8Array): CertificateParseError {
  try {
    parseCertificate(der);
  } catch (error) {
    expect(error).toBeInstanceOf(CertificateParseError);
    expect((error as Error).message).not.toBe("");
    return error as CertificateParseError;
  }
  throw new Error("parsed without an error");
}

/** Deterministic bytes (xorshift32), so a failure reproduces. */
function pseudoRandom(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed;
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 0xff;
  }
  return out;
}

describe("garbage is a CertificateParseError", () => {
  test("empty input", () => {
    expect(parseError(new Uint8Array()).message).toBe("certificate is empty");
  });

  test("truncated certificates, at every 37th byte", async () => {
    const { der } = await buildCertificate({ subject: [["2.5.4.3", "x"]] });
    for (let cut = 1; cut < der.length; cut += 37) parseError(der.subarray(0, cut));
  });

  test("trailing bytes after the certificate", async () => {
    const { der } = await buildCertificate({ subject: [["2.5.4.3", "x"]] });
    parseError(new Uint8Array([...der, 0]));
  });

  test("random bytes, including ones that start like a SEQUENCE", () => {
    for (let seed = 1; seed <= 50; seed++) {
      const bytes = pseudoRandom(20 + seed * 2, seed);
      parseError(bytes);
      // A SEQUENCE header with the right (short-form) length gets past the first check.
      bytes[0] = 0x30;
      bytes[1] = bytes.length - 2;
      parseError(bytes);
    }
  });

  test("well-formed DER that is not a certificate, and PEM text", () => {
    parseError(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]));
    parseError(new TextEncoder().encode("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"));
  });

  test("a GOST key whose BIT STRING does not hold an OCTET STRING", async () => {
    const spki = new SubjectPublicKeyInfo({
      algorithm: new AlgorithmIdentifier({
        algorithm: "1.2.643.7.1.1.1.1",
        parameters: new Uint8Array([0x30, 0x09, 0x06, 0x07, 0x2a, 0x85, 0x03, 0x02, 0x02, 0x23, 0x01]).buffer,
      }),
      subjectPublicKey: new Uint8Array(64).fill(7).buffer,
    });
    const { der } = await buildCertificate({ subject: [["2.5.4.3", "x"]], spki });
    expect(parseError(der).message).toBe("GOST public key is not an OCTET STRING");
    expect(() => subjectPublicKeyRaw(der)).toThrow("GOST public key is not an OCTET STRING");
  });

  test("the fast public-key reader rejects what the full parser rejects", async () => {
    const { der } = await buildCertificate({ subject: [["2.5.4.3", "x"]] });
    for (let cut = 1; cut < der.length; cut += 37) expect(() => subjectPublicKeyRaw(der.subarray(0, cut))).toThrow(CertificateParseError);
    for (let seed = 1; seed <= 50; seed++) expect(() => subjectPublicKeyRaw(pseudoRandom(30, seed))).toThrow(CertificateParseError);
  });
});
