import { OctetString } from "@peculiar/asn1-schema";
import { Extension } from "@peculiar/asn1-x509";
import { describe, expect, test } from "vitest";
import { fromBase64, toHex } from "../../../shared/encoding.ts";
import { parseCertificate, subjectPublicKeyRaw } from "../../../shared/x509/index.ts";
import { basicConstraintsExt, buildCertificate, ekuExt, keyUsageExt, policiesExt, signToolExt, type Dn } from "./build-cert.ts";

const OID = {
  CN: "2.5.4.3",
  SN: "2.5.4.4",
  G: "2.5.4.42",
  T: "2.5.4.12",
  O: "2.5.4.10",
  OU: "2.5.4.11",
  C: "2.5.4.6",
  E: "1.2.840.113549.1.9.1",
  INN: "1.2.643.3.131.1.1",
  INNLE: "1.2.643.100.4",
  OGRN: "1.2.643.100.1",
  OGRNIP: "1.2.643.100.5",
  SNILS: "1.2.643.100.3",
};

function base64url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  return fromBase64(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
}

async function parsed(subject: Dn, extra: Partial<Parameters<typeof buildCertificate>[0]> = {}) {
  return parseCertificate((await buildCertificate({ subject, ...extra })).der);
}

describe("names", () => {
  test("every DirectoryString type decodes Cyrillic and the FNS NumericStrings come out as digits", async () => {
    const info = await parsed([
      [OID.C, { printable: "RU" }],
      [OID.SN, { bmp: "Иванов" }],
      [OID.G, "Иван Иванович"],
      [OID.CN, { bmp: "Иванов Иван Иванович" }],
      [OID.E, { ia5: "ivanov@example.ru" }],
      [OID.INN, { numeric: "771234567890" }],
      [OID.SNILS, { numeric: "12345678901" }],
      [OID.OGRNIP, { numeric: "304770000000010" }],
    ]);
    expect(info.subject).toEqual({
      country: "RU",
      surname: "Иванов",
      givenName: "Иван Иванович",
      commonName: "Иванов Иван Иванович",
      email: "ivanov@example.ru",
      inn: "771234567890",
      snils: "12345678901",
      ogrnip: "304770000000010",
      attributes: [
        { oid: OID.C, name: "C", value: "RU" },
        { oid: OID.SN, name: "SN", value: "Иванов" },
        { oid: OID.G, name: "G", value: "Иван Иванович" },
        { oid: OID.CN, name: "CN", value: "Иванов Иван Иванович" },
        { oid: OID.E, name: "E", value: "ivanov@example.ru" },
        { oid: OID.INN, name: "ИНН", value: "771234567890" },
        { oid: OID.SNILS, name: "СНИЛС", value: "12345678901" },
        { oid: OID.OGRNIP, name: "ОГРНИП", value: "304770000000010" },
      ],
    });
  });

  test("repeated attributes: the field keeps the first, attributes keep all; unknown OIDs are named by OID", async () => {
    const info = await parsed([
      [OID.OU, "Бухгалтерия"],
      [OID.OU, "Отдел кадров"],
      ["1.2.3.4.5", "что-то"],
    ]);
    expect(info.subject.organizationalUnit).toBe("Бухгалтерия");
    expect(info.subject.attributes.map((a) => [a.name, a.value])).toEqual([
      ["OU", "Бухгалтерия"],
      ["OU", "Отдел кадров"],
      ["1.2.3.4.5", "что-то"],
    ]);
  });
});

describe("owner and issuer name", () => {
  test("individual: surname + given name and patronymic", async () => {
    const info = await parsed([
      [OID.CN, "Иванов И. И."],
      [OID.SN, "Иванов"],
      [OID.G, "Иван Иванович"],
      [OID.INN, { numeric: "771234567890" }],
    ]);
    expect(info.owner).toBe("Иванов Иван Иванович");
  });

  test("individual without SN/G: the CN", async () => {
    expect((await parsed([[OID.CN, "Иванов Иван Иванович"]])).owner).toBe("Иванов Иван Иванович");
  });

  test("sole proprietor (ОГРНИП, no O) reads as a person", async () => {
    const info = await parsed([
      [OID.CN, "ИП Сидоров"],
      [OID.SN, "Сидоров"],
      [OID.G, "Сидор Сидорович"],
      [OID.OGRNIP, { numeric: "304770000000010" }],
    ]);
    expect(info.owner).toBe("Сидоров Сидор Сидорович");
  });

  test("organisation: the person and the organisation", async () => {
    const info = await parsed([
      [OID.CN, "ООО «Ромашка»"],
      [OID.O, "ООО «Ромашка»"],
      [OID.T, "ГЕНЕРАЛЬНЫЙ ДИРЕКТОР"],
      [OID.SN, "Петров"],
      [OID.G, "Пётр Петрович"],
      [OID.INNLE, { numeric: "7701234567" }],
    ]);
    expect(info.owner).toBe("Петров Пётр Петрович, ООО «Ромашка»");
  });

  test("organisation without a person, or recognised only by ИНН ЮЛ: the organisation name", async () => {
    expect(
      (
        await parsed([
          [OID.CN, "ООО «Ромашка»"],
          [OID.O, "ООО «Ромашка»"],
        ])
      ).owner,
    ).toBe("ООО «Ромашка»");
    expect(
      (
        await parsed([
          [OID.CN, "АО «Лютик»"],
          [OID.INNLE, { numeric: "7701234567" }],
        ])
      ).owner,
    ).toBe("АО «Лютик»");
  });

  test("issuer name is the CN, else the O", async () => {
    const issuer: Dn = [[OID.O, "УЦ Пример"]];
    expect((await parsed([[OID.CN, "x"]], { issuer })).issuerName).toBe("УЦ Пример");
    expect((await parsed([[OID.CN, "x"]], { issuer: [[OID.CN, "УЦ"], ...issuer] })).issuerName).toBe("УЦ");
  });
});

describe("recognised issuers", () => {
  const subject: Dn = [[OID.CN, "x"]];

  test.each<[string, Dn]>([
    [
      "ИНН ЮЛ",
      [
        [OID.CN, "Удостоверяющий центр"],
        [OID.INNLE, { numeric: "7707329152" }],
      ],
    ],
    [
      "legacy 00-prefixed ИНН",
      [
        [OID.CN, "УЦ"],
        [OID.INN, { numeric: "007707329152" }],
      ],
    ],
    ["name in CN", [[OID.CN, "Федеральная налоговая служба"]]],
    [
      "name in O, other case",
      [
        [OID.CN, "УЦ"],
        [OID.O, "ФЕДЕРАЛЬНАЯ НАЛОГОВАЯ СЛУЖБА"],
      ],
    ],
  ])("FNS by %s", async (_, issuer) => {
    const info = await parsed(subject, { issuer });
    expect(info.isFnsIssuer).toBe(true);
    expect(info.knownIssuer).toBe("fns");
  });

  test("the Treasury is recognised but is not FNS; an unknown CA is neither", async () => {
    const treasury = await parsed(subject, {
      issuer: [
        [OID.CN, "Казначейство России"],
        [OID.INNLE, { numeric: "7710568760" }],
      ],
    });
    expect([treasury.knownIssuer, treasury.isFnsIssuer]).toEqual(["treasury", false]);
    const other = await parsed(subject, {
      issuer: [
        [OID.CN, "ООО «Такском»"],
        [OID.INNLE, { numeric: "7704211201" }],
      ],
    });
    expect([other.knownIssuer, other.isFnsIssuer]).toEqual([null, false]);
  });
});

describe("serial number and validity", () => {
  test("serial is the upper-case hex of the INTEGER as encoded, sign byte included", async () => {
    expect((await parsed([[OID.CN, "x"]], { serial: "7a3b" })).serialNumber).toBe("7A3B");
    expect((await parsed([[OID.CN, "x"]], { serial: "00ff01" })).serialNumber).toBe("00FF01");
  });

  test("UTCTime and GeneralizedTime", async () => {
    const notBefore = new Date("1999-12-31T23:59:59Z");
    const notAfter = new Date("2049-12-31T23:59:59Z");
    const utc = await parsed([[OID.CN, "x"]], { notBefore, notAfter });
    expect([utc.notBefore.toISOString(), utc.notAfter.toISOString()]).toEqual([notBefore.toISOString(), notAfter.toISOString()]);
    const far = new Date("2051-06-01T12:00:00Z");
    const gen = await parsed([[OID.CN, "x"]], { notBefore, notAfter: far, generalizedTime: true });
    expect([gen.notBefore.toISOString(), gen.notAfter.toISOString()]).toEqual([notBefore.toISOString(), far.toISOString()]);
  });
});

describe("public keys", () => {
  test("EC: the uncompressed point, as CKA_EC_POINT holds it inside its OCTET STRING", async () => {
    const built = await buildCertificate({ subject: [[OID.CN, "ec"]], key: "ec" });
    const { publicKey } = parseCertificate(built.der);
    const jwk = await crypto.subtle.exportKey("jwk", built.publicKey);
    expect(publicKey).toMatchObject({ algorithm: "ec-p256", oid: "1.2.840.10045.2.1", paramSet: "1.2.840.10045.3.1.7", paramSetName: "P-256" });
    expect(toHex(publicKey.raw)).toBe("04" + toHex(base64url(jwk.x!)) + toHex(base64url(jwk.y!)));
    expect(toHex(subjectPublicKeyRaw(built.der))).toBe(toHex(publicKey.raw));
  });

  test("RSA: the modulus without the INTEGER's leading zero", async () => {
    const built = await buildCertificate({ subject: [[OID.CN, "rsa"]], key: "rsa" });
    const { publicKey } = parseCertificate(built.der);
    const jwk = await crypto.subtle.exportKey("jwk", built.publicKey);
    expect(publicKey).toMatchObject({ algorithm: "rsa", oid: "1.2.840.113549.1.1.1", paramSet: null, paramSetName: null });
    expect(publicKey.raw).toHaveLength(256);
    expect(toHex(publicKey.raw)).toBe(toHex(base64url(jwk.n!)));
    expect(toHex(subjectPublicKeyRaw(built.der))).toBe(toHex(publicKey.raw));
  });

  test("signature algorithm names", async () => {
    expect((await parsed([[OID.CN, "x"]])).signatureAlgorithm).toEqual({ oid: "1.2.840.113549.1.1.11", name: "sha256WithRSAEncryption" });
  });
});

describe("extensions", () => {
  test("FNS profile: key usage, EKU, policies, signing tool", async () => {
    const info = await parsed([[OID.CN, "x"]], {
      extensions: [
        keyUsageExt(0, 1, 2, 3),
        ekuExt("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4"),
        policiesExt("1.2.643.100.113.1", "1.2.643.100.113.2"),
        basicConstraintsExt(false),
        signToolExt("Средство электронной подписи: СКЗИ «Рутокен ЭЦП 3.0»"),
      ],
    });
    expect(info.keyUsage).toEqual(["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment"]);
    expect(info.extendedKeyUsage).toEqual(["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4"]);
    expect(info.policies).toEqual(["1.2.643.100.113.1", "1.2.643.100.113.2"]);
    expect(info.protectionClass).toBe("КС2");
    expect(info.isCa).toBe(false);
    expect(info.subjectSignTool).toBe("Средство электронной подписи: СКЗИ «Рутокен ЭЦП 3.0»");
  });

  test("key usage bits of the second byte (decipherOnly) and a CA", async () => {
    const info = await parsed([[OID.CN, "x"]], { extensions: [keyUsageExt(5, 6, 8), basicConstraintsExt(true)] });
    expect(info.keyUsage).toEqual(["keyCertSign", "cRLSign", "decipherOnly"]);
    expect(info.isCa).toBe(true);
  });

  test.each([
    [["1.2.643.100.113.1"], "КС1"],
    [["1.2.643.100.113.3", "1.2.643.100.113.1"], "КС3"],
    [["1.2.643.100.113.4"], null],
    [["2.5.29.32.0"], null],
  ])("protection class of policies %j is %s", async (policies, expected) => {
    expect((await parsed([[OID.CN, "x"]], { extensions: [policiesExt(...policies)] })).protectionClass).toBe(expected);
  });

  test("no extensions at all", async () => {
    const info = await parsed([[OID.CN, "x"]]);
    expect([info.keyUsage, info.extendedKeyUsage, info.policies, info.protectionClass, info.isCa, info.subjectSignTool, info.issuerSignTool]).toEqual([
      [],
      [],
      [],
      null,
      false,
      null,
      null,
    ]);
  });

  test("an issuerSignTool that is not four strings in a SEQUENCE is a parse error naming it", async () => {
    const utf8 = (text: string) => {
      const bytes = new TextEncoder().encode(text);
      return [0x0c, bytes.length, ...bytes];
    };
    const body = [...utf8("a"), ...utf8("b"), ...utf8("c")];
    const three = new Extension({ extnID: "1.2.643.100.112", extnValue: new OctetString(new Uint8Array([0x30, body.length, ...body])) });
    await expect(parsed([[OID.CN, "x"]], { extensions: [three] })).rejects.toThrow(/malformed issuerSignTool/);
  });
});

test("parses from a view into a larger buffer", async () => {
  const { der } = await buildCertificate({ subject: [[OID.CN, "Иванов"]] });
  const big = new Uint8Array(der.length + 10);
  big.set(der, 7);
  expect(parseCertificate(big.subarray(7, 7 + der.length)).owner).toBe("Иванов");
});
