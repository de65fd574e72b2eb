import { afterAll, describe, expect, test } from "vitest";
import { fromHex, toHex } from "../../../shared/encoding.ts";
import { parseCertificate, subjectPublicKeyRaw } from "../../../shared/x509/index.ts";
import { gostOpenssl, printedPoint, type GostOpenssl } from "./openssl-gost.ts";

// Set up on first use inside a test rather than in beforeAll: a missing engine then fails
// every GOST test instead of reporting them as skipped.
let instance: GostOpenssl | undefined;
const openssl = (): GostOpenssl => (instance ??= gostOpenssl());
afterAll(() => instance?.dispose());

const PERSON_SUBJ =
  "/C=RU/ST=77 Москва/L=г. Москва/street=ул. Неглинная, д. 1/SN=Иванов/GN=Иван Иванович" +
  "/CN=Иванов Иван Иванович/INN=771234567890/SNILS=12345678901/emailAddress=ivanov@example.ru";

function reversed(hex: string, bytes: number): string {
  return toHex(fromHex(hex.padStart(bytes * 2, "0")).reverse());
}

/** A self-signed certificate for a fresh key, plus the key's point as OpenSSL prints it. */
function selfSigned(algorithm: string, paramset: string, name: string) {
  const o = openssl();
  o.run(["genpkey", "-algorithm", algorithm, "-pkeyopt", `paramset:${paramset}`, "-out", `${name}.key`]);
  o.run(["req", "-x509", "-new", "-key", `${name}.key`, "-utf8", "-subj", PERSON_SUBJ, "-days", "457", "-outform", "DER", "-out", `${name}.der`]);
  o.run(["pkey", "-in", `${name}.key`, "-pubout", "-outform", "DER", "-out", `${name}.pub.der`]);
  return {
    der: o.read(`${name}.der`),
    point: printedPoint(o.run(["pkey", "-in", `${name}.key`, "-text", "-noout"])),
    pubDer: o.read(`${name}.pub.der`),
  };
}

describe("GOST certificates made by OpenSSL", () => {
  test.each([
    { algorithm: "gost2012_256", paramset: "A", oid: "1.2.643.2.2.35.1", setName: "CryptoPro-A" },
    { algorithm: "gost2012_256", paramset: "XA", oid: "1.2.643.2.2.36.0", setName: "CryptoPro-XchA" },
    { algorithm: "gost2012_256", paramset: "TCA", oid: "1.2.643.7.1.2.1.1.1", setName: "TC26-256-A" },
  ])("2012-256 $setName: algorithm, parameter set and the token's CKA_VALUE", ({ algorithm, paramset, oid, setName }) => {
    const { der, point, pubDer } = selfSigned(algorithm, paramset, `k256${paramset}`);
    const info = parseCertificate(der);

    expect(info.publicKey.algorithm).toBe("gost2012-256");
    expect(info.publicKey.oid).toBe("1.2.643.7.1.1.1.1");
    expect(info.publicKey.paramSet).toBe(oid);
    expect(info.publicKey.paramSetName).toBe(setName);
    expect(info.publicKey.raw).toHaveLength(64);
    // CKA_VALUE layout (docs/gost-pkcs11.md#public-key): little-endian x, then little-endian y.
    expect(toHex(info.publicKey.raw)).toBe(reversed(point.x, 32) + reversed(point.y, 32));
    // ... which is also the tail of OpenSSL's own SPKI encoding (04 40 <64 bytes>).
    expect(toHex(info.publicKey.raw)).toBe(toHex(pubDer.subarray(pubDer.length - 64)));
    // The host's fast path, used to pair certificates with keys, must agree.
    expect(toHex(subjectPublicKeyRaw(der))).toBe(toHex(info.publicKey.raw));
    expect(info.signatureAlgorithm).toEqual({ oid: "1.2.643.7.1.1.3.2", name: "GOST R 34.10-2012 256 with GOST R 34.11-2012 256" });
  });

  test("2012-512 TC26-512-A", () => {
    const { der, point, pubDer } = selfSigned("gost2012_512", "A", "k512");
    const info = parseCertificate(der);

    expect(info.publicKey.algorithm).toBe("gost2012-512");
    expect(info.publicKey.oid).toBe("1.2.643.7.1.1.1.2");
    expect(info.publicKey.paramSet).toBe("1.2.643.7.1.2.1.2.1");
    expect(info.publicKey.paramSetName).toBe("TC26-512-A");
    expect(info.publicKey.raw).toHaveLength(128);
    expect(toHex(info.publicKey.raw)).toBe(reversed(point.x, 64) + reversed(point.y, 64));
    expect(toHex(info.publicKey.raw)).toBe(toHex(pubDer.subarray(pubDer.length - 128)));
    expect(info.signatureAlgorithm.oid).toBe("1.2.643.7.1.1.3.3");
  });

  test("Russian subject of an individual, as OpenSSL encodes it with -utf8", () => {
    const { der } = selfSigned("gost2012_256", "A", "person");
    const info = parseCertificate(der);

    expect(info.subject).toMatchObject({
      country: "RU",
      state: "77 Москва",
      locality: "г. Москва",
      street: "ул. Неглинная, д. 1",
      surname: "Иванов",
      givenName: "Иван Иванович",
      commonName: "Иванов Иван Иванович",
      inn: "771234567890",
      snils: "12345678901",
      email: "ivanov@example.ru",
    });
    expect(info.subject.attributes.map((a) => a.name)).toEqual(["C", "S", "L", "STREET", "SN", "G", "CN", "ИНН", "СНИЛС", "E"]);
    expect(info.owner).toBe("Иванов Иван Иванович");
    expect(info.isFnsIssuer).toBe(false);
  });

  test("an FNS-style chain: organisation certificate issued by an 'ФНС' CA", () => {
    const o = openssl();
    o.run(["genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:TCA", "-out", "ca.key"]);
    o.run([
      "req",
      "-x509",
      "-new",
      "-key",
      "ca.key",
      "-utf8",
      "-days",
      "3650",
      "-outform",
      "PEM",
      "-out",
      "ca.pem",
      "-subj",
      "/CN=Федеральная налоговая служба/O=Федеральная налоговая служба/C=RU/OGRN=1047707030513/INNLE=7707329152/emailAddress=uc@tax.gov.ru",
      "-addext",
      "basicConstraints=critical,CA:true",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign,digitalSignature",
    ]);
    o.run(["genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:XA", "-out", "org.key"]);
    o.run([
      "req",
      "-new",
      "-key",
      "org.key",
      "-utf8",
      "-out",
      "org.csr",
      "-subj",
      "/CN=ООО «Ромашка»/O=ООО «Ромашка»/title=ГЕНЕРАЛЬНЫЙ ДИРЕКТОР/SN=Петров/GN=Пётр Петрович/C=RU/INNLE=7701234567/OGRN=1027700000000/INN=771234567890/SNILS=12345678901",
    ]);
    o.write(
      "org.ext",
      [
        "basicConstraints=CA:false",
        "keyUsage=critical,digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment",
        "extendedKeyUsage=clientAuth,emailProtection",
        "certificatePolicies=1.2.643.100.113.1,1.2.643.100.113.2",
        // The config parser strips straight quotes (docs/openssl-gost.md#pitfalls, 6), so the test uses «».
        "subjectSignTool=ASN1:FORMAT:UTF8,UTF8String:СКЗИ «Рутокен ЭЦП 3.0»",
        "issuerSignTool=ASN1:SEQUENCE:ist",
        "[ist]",
        "signTool=FORMAT:UTF8,UTF8String:ПАК «КриптоПро CSP» (версия 5.0)",
        "caTool=FORMAT:UTF8,UTF8String:ПАК «Головной удостоверяющий центр» (версия 2.0)",
        "signToolCert=FORMAT:UTF8,UTF8String:Сертификат соответствия № СФ/124-4069 от 20.01.2023",
        "caToolCert=FORMAT:UTF8,UTF8String:Сертификат соответствия № СФ/128-4292 от 22.11.2022",
        "",
      ].join("\n"),
    );
    o.run([
      "x509",
      "-req",
      "-in",
      "org.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-set_serial",
      "0x01DC5E2A000000000A57",
      "-days",
      "457",
      "-extfile",
      "org.ext",
      "-outform",
      "DER",
      "-out",
      "org.der",
    ]);
    o.run(["x509", "-in", "ca.pem", "-outform", "DER", "-out", "ca.der"]);

    const ca = parseCertificate(o.read("ca.der"));
    expect(ca.isCa).toBe(true);
    expect(ca.keyUsage).toEqual(["digitalSignature", "keyCertSign", "cRLSign"]);

    const info = parseCertificate(o.read("org.der"));
    expect(info.owner).toBe("Петров Пётр Петрович, ООО «Ромашка»");
    expect(info.subject.title).toBe("ГЕНЕРАЛЬНЫЙ ДИРЕКТОР");
    expect(info.subject.innle).toBe("7701234567");
    expect(info.subject.ogrn).toBe("1027700000000");
    expect(info.issuerName).toBe("Федеральная налоговая служба");
    expect(info.issuer.innle).toBe("7707329152");
    expect(info.isFnsIssuer).toBe(true);
    expect(info.knownIssuer).toBe("fns");
    expect(info.serialNumber).toBe("01DC5E2A000000000A57");
    expect(info.isCa).toBe(false);
    expect(info.keyUsage).toEqual(["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment"]);
    expect(info.extendedKeyUsage).toEqual(["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4"]);
    expect(info.policies).toEqual(["1.2.643.100.113.1", "1.2.643.100.113.2"]);
    expect(info.protectionClass).toBe("КС2");
    expect(info.subjectSignTool).toBe("СКЗИ «Рутокен ЭЦП 3.0»");
    expect(info.issuerSignTool).toEqual({
      signTool: "ПАК «КриптоПро CSP» (версия 5.0)",
      caTool: "ПАК «Головной удостоверяющий центр» (версия 2.0)",
      signToolCertificate: "Сертификат соответствия № СФ/124-4069 от 20.01.2023",
      caToolCertificate: "Сертификат соответствия № СФ/128-4292 от 22.11.2022",
    });
    expect(info.publicKey.paramSetName).toBe("CryptoPro-XchA");
    expect(info.notAfter.getTime() - info.notBefore.getTime()).toBe(457 * 86_400_000);
  });
});
