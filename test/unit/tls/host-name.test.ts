import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { beforeAll, describe, expect, it } from "vitest";
import { certificateMatchesHost } from "../../../native-host/src/tls/host-name.ts";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);
const EC = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

let keys: CryptoKeyPair;

async function certificate(subject: string, names?: x509.JsonGeneralName[]): Promise<Uint8Array> {
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: subject,
    keys,
    notBefore: new Date(),
    notAfter: new Date(Date.now() + 86_400_000),
    signingAlgorithm: EC,
    extensions: names ? [new x509.SubjectAlternativeNameExtension(names)] : [],
  });
  return new Uint8Array(cert.rawData);
}

describe("server certificate host name", () => {
  beforeAll(async () => {
    keys = (await webcrypto.subtle.generateKey(EC, true, ["sign", "verify"])) as CryptoKeyPair;
  });

  it("matches subjectAltName dNSName entries, case-insensitively", async () => {
    const der = await certificate("CN=ignored.example", [
      { type: "dns", value: "lkipgost2.nalog.ru" },
      { type: "dns", value: "LKUL.nalog.ru" },
    ]);
    expect(certificateMatchesHost(der, "lkipgost2.nalog.ru")).toBe(true);
    expect(certificateMatchesHost(der, "lkul.NALOG.ru.")).toBe(true);
    expect(certificateMatchesHost(der, "nalog.ru")).toBe(false);
    // With a subjectAltName present, the CN no longer counts (RFC 6125 §6.4.4).
    expect(certificateMatchesHost(der, "ignored.example")).toBe(false);
  });

  it("lets a wildcard cover exactly one leftmost label", async () => {
    const der = await certificate("CN=x", [{ type: "dns", value: "*.nalog.ru" }]);
    expect(certificateMatchesHost(der, "lkip.nalog.ru")).toBe(true);
    expect(certificateMatchesHost(der, "nalog.ru")).toBe(false);
    expect(certificateMatchesHost(der, "a.lkip.nalog.ru")).toBe(false);
    expect(certificateMatchesHost(await certificate("CN=x", [{ type: "dns", value: "*.ru" }]), "nalog.ru")).toBe(false);
  });

  it("matches addresses only against iPAddress entries", async () => {
    const der = await certificate("CN=127.0.0.1", [
      { type: "ip", value: "127.0.0.1" },
      { type: "ip", value: "::1" },
      { type: "dns", value: "localhost" },
    ]);
    expect(certificateMatchesHost(der, "127.0.0.1")).toBe(true);
    expect(certificateMatchesHost(der, "0:0:0:0:0:0:0:1")).toBe(true);
    expect(certificateMatchesHost(der, "127.0.0.2")).toBe(false);
    expect(certificateMatchesHost(await certificate("CN=127.0.0.1"), "127.0.0.1")).toBe(false);
  });

  it("falls back to the subject CN only without subjectAltName", async () => {
    expect(certificateMatchesHost(await certificate("CN=lkip2.nalog.ru, O=ФНС"), "lkip2.nalog.ru")).toBe(true);
    expect(certificateMatchesHost(await certificate("CN=lkip2.nalog.ru, O=ФНС"), "lkip3.nalog.ru")).toBe(false);
  });
});
