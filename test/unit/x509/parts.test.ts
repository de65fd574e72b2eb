import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import { describe, expect, test } from "vitest";
import { toHex } from "../../../shared/encoding.ts";
import { certificateParts, parseCertificate } from "../../../shared/x509/index.ts";
import { buildCertificate } from "./build-cert.ts";

const CN = "2.5.4.3";

// The fast walker must agree with the schema parser on everything the host writes to a token.
describe("certificateParts", () => {
  test.each([
    { serial: "7a3b", generalizedTime: false, key: "ec" as const },
    { serial: "00ff01", generalizedTime: true, key: "rsa" as const },
  ])("serial $serial, GeneralizedTime $generalizedTime, $key key", async ({ serial, generalizedTime, key }) => {
    const notBefore = new Date("2025-01-02T03:04:05Z");
    const notAfter = generalizedTime ? new Date("2051-06-01T12:00:00Z") : new Date("2026-04-02T03:14:05Z");
    const { der } = await buildCertificate({
      subject: [
        [CN, "Иванов Иван"],
        ["1.2.643.3.131.1.1", { numeric: "771234567890" }],
      ],
      serial,
      notBefore,
      notAfter,
      generalizedTime,
      key,
    });
    const parts = certificateParts(der);
    const info = parseCertificate(der);
    const cert = AsnConvert.parse(der, Certificate);
    expect(toHex(parts.serialNumber).toUpperCase()).toBe(`02${(serial.length / 2).toString(16).padStart(2, "0")}${serial}`.toUpperCase());
    expect(toHex(parts.issuer)).toBe(toHex(new Uint8Array(AsnConvert.serialize(cert.tbsCertificate.issuer))));
    expect(toHex(parts.subject)).toBe(toHex(new Uint8Array(AsnConvert.serialize(cert.tbsCertificate.subject))));
    expect(parts.notBefore.toISOString()).toBe(info.notBefore.toISOString());
    expect(parts.notAfter.toISOString()).toBe(info.notAfter.toISOString());
    expect(toHex(parts.publicKey)).toBe(toHex(info.publicKey.raw));
  });
});
