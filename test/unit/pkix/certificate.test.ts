import { AsnConvert } from "@peculiar/asn1-schema";
import { Name } from "@peculiar/asn1-x509";
import { describe, expect, test } from "vitest";
import { toHex } from "../../../shared/encoding.ts";
import { certificateExtension, decodeCertificate } from "../../../shared/pkix/certificate.ts";
import { CertificateParseError, certificateParts } from "../../../shared/x509/index.ts";
import { children, oid, readTlv, seq, set, tlv, utf8 } from "../../softtoken/der.ts";
import { buildCertificate } from "../x509/build-cert.ts";
import { fnsCertificate, PUBLIC_VALUE, timeTlv } from "../../fixtures/fns-certificate.ts";

const UTC = 0x17;
const GENERALIZED = 0x18;

function decodeError(der: Uint8Array): string {
  try {
    decodeCertificate(der);
  } catch (error) {
    expect(error).toBeInstanceOf(CertificateParseError);
    return (error as Error).message;
  }
  throw new Error("decoded without an error");
}

describe("decodeCertificate keeps the encodings other structures carry", () => {
  test("an FNS-profile certificate: fields byte for byte as encoded, dates, key", () => {
    const der = fnsCertificate({ organisation: true });
    const [tbs, , signature] = children(readTlv(der));
    const fields = children(tbs!);
    const cert = decodeCertificate(der);
    expect(toHex(cert.tbs)).toBe(toHex(tbs!.raw));
    expect(toHex(cert.serialNumber)).toBe(toHex(fields[1]!.raw));
    expect(toHex(cert.issuer)).toBe(toHex(fields[3]!.raw));
    expect(toHex(cert.subject)).toBe(toHex(fields[5]!.raw));
    expect(toHex(cert.subjectPublicKeyInfo)).toBe(toHex(fields[6]!.raw));
    expect(cert.notBefore.toISOString()).toBe("2025-03-01T09:00:00.000Z");
    expect(cert.notAfter.toISOString()).toBe("2026-06-01T09:10:00.000Z");
    expect(cert.publicKey).toMatchObject({ algorithm: "gost2012-256", paramSet: "1.2.643.2.2.35.1" });
    expect(toHex(cert.publicKey.raw)).toBe(toHex(PUBLIC_VALUE));
    expect(cert.signatureAlgorithm).toBe("1.2.643.7.1.1.3.2");
    expect(toHex(cert.signatureValue)).toBe(toHex(signature!.content.subarray(1)));
    expect(certificateExtension(cert, "1.2.643.100.111")?.critical).toBe(false);
    expect(certificateExtension(cert, "2.5.29.17")).toBeUndefined();
  });

  test.each([
    { serial: "7a3b", generalizedTime: false },
    { serial: "00ff01", generalizedTime: true },
    // A negative serial (seen from some CAs): the INTEGER's bytes are kept, not normalised.
    { serial: "ff7a", generalizedTime: false },
  ])("agrees with the host's fast reader: serial $serial, GeneralizedTime $generalizedTime", async ({ serial, generalizedTime }) => {
    const { der } = await buildCertificate({
      subject: [
        ["2.5.4.3", { bmp: "Иванов Иван" }],
        ["1.2.643.3.131.1.1", { numeric: "771234567890" }],
      ],
      issuer: [["2.5.4.3", { printable: "Test CA" }]],
      serial,
      notAfter: generalizedTime ? new Date("2051-06-01T12:00:00Z") : new Date("2026-04-02T03:14:05Z"),
      generalizedTime,
    });
    const cert = decodeCertificate(der);
    const parts = certificateParts(der);
    expect(toHex(cert.serialNumber)).toBe(toHex(parts.serialNumber));
    expect(toHex(cert.serialNumber)).toBe(`02${(serial.length / 2).toString(16).padStart(2, "0")}${serial}`);
    expect(toHex(cert.issuer)).toBe(toHex(parts.issuer));
    expect(toHex(cert.subject)).toBe(toHex(parts.subject));
    expect(cert.notBefore.getTime()).toBe(parts.notBefore.getTime());
    expect(cert.notAfter.getTime()).toBe(parts.notAfter.getTime());
    expect(toHex(cert.publicKey.raw)).toBe(toHex(parts.publicKey));
  });

  test("a Name with a non-minimal length is kept as sent, not re-encoded", () => {
    const der = fnsCertificate();
    const fields = children(children(readTlv(der))[0]!).map((f) => f.raw);
    // The same issuer with a long-form length for a short body: valid BER, which a re-encoder would shorten.
    const rdn = set(seq(oid("2.5.4.3"), utf8("УЦ")));
    fields[3] = Buffer.concat([Buffer.from([0x30, 0x81, rdn.length]), rdn]);
    const odd = seq(
      seq(...fields),
      ...children(readTlv(der))
        .slice(1)
        .map((f) => f.raw),
    );
    const cert = decodeCertificate(odd);
    expect(toHex(cert.issuer)).toBe(toHex(fields[3]));
    expect(toHex(new Uint8Array(AsnConvert.serialize(cert.asn.tbsCertificate.issuer)))).not.toBe(toHex(fields[3]));
    expect(cert.asn.tbsCertificate.issuer).toBeInstanceOf(Name);
  });
});

describe("validity: RFC 5280 times only", () => {
  const validity = (notBefore: Buffer, notAfter: Buffer) => fnsCertificate({ validity: seq(notBefore, notAfter) });
  const later = timeTlv(UTC, "300101000000Z");

  test("UTCTime years 50..99 are 19xx, 00..49 are 20xx; GeneralizedTime as written", () => {
    expect(decodeCertificate(validity(timeTlv(UTC, "500101000000Z"), later)).notBefore.toISOString()).toBe("1950-01-01T00:00:00.000Z");
    expect(decodeCertificate(validity(timeTlv(UTC, "491231235959Z"), later)).notBefore.toISOString()).toBe("2049-12-31T23:59:59.000Z");
    expect(decodeCertificate(validity(later, timeTlv(GENERALIZED, "20510601120000Z"))).notAfter.toISOString()).toBe("2051-06-01T12:00:00.000Z");
  });

  test.each([
    ["GeneralizedTime with fractional seconds", timeTlv(GENERALIZED, "20250101000000.5Z")],
    ["GeneralizedTime with an offset", timeTlv(GENERALIZED, "20250101030000+0300")],
    ["GeneralizedTime in local time", timeTlv(GENERALIZED, "20250101000000")],
    ["UTCTime without seconds", timeTlv(UTC, "2501010000Z")],
    ["UTCTime with text around it", timeTlv(UTC, "x250101000000Zx")],
    ["31 February", timeTlv(UTC, "250231000000Z")],
    ["hour 24", timeTlv(UTC, "250101240000Z")],
    ["a time of another type", tlv(0x0c, Buffer.from("250101000000Z"))],
  ])("%s is refused", (_, time) => {
    expect(decodeError(validity(time, later))).toMatch(/time|validity|X\.509/);
  });
});

describe("what is not one certificate is a CertificateParseError", () => {
  test("empty, trailing bytes, truncated", () => {
    const der = fnsCertificate();
    expect(decodeError(new Uint8Array())).toBe("certificate is empty");
    expect(decodeError(Buffer.concat([der, Buffer.from([0])]))).toMatch(/single SEQUENCE/);
    for (let cut = 1; cut < der.length; cut += 41) decodeError(der.subarray(0, cut));
  });

  test("well-formed DER that is not a certificate", () => {
    expect(decodeError(seq(seq(oid("1.2.3")), seq()))).toMatch(/not an X.509 certificate/);
  });
});
