import { OctetString } from "@peculiar/asn1-schema";
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Extension,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
} from "@peculiar/asn1-x509";
import { describe, expect, test } from "vitest";
import { decodeOid, derContent, encodeOid } from "../../../shared/der.ts";
import { fromHex, toHex } from "../../../shared/encoding.ts";
import { decodeCertificate } from "../../../shared/pkix/certificate.ts";
import { parseExtensions, subjectAlternativeNames } from "../../../shared/pkix/extensions.ts";
import { parseName } from "../../../shared/pkix/name.ts";
import { parsePublicKey } from "../../../shared/pkix/public-key.ts";
import { decodeDerString } from "../../../shared/pkix/strings.ts";
import { CertificateParseError } from "../../../shared/x509/index.ts";
import { fnsCertificate } from "../../fixtures/fns-certificate.ts";

const GOST_256 = "1.2.643.7.1.1.1.1";
const CRYPTOPRO_A = "1.2.643.2.2.35.1";

describe("strings", () => {
  test.each([
    ["UTF8String", "0c04d098d09d", "ИН"],
    ["BMPString", "1e04041f0420", "ПР"],
    ["NumericString", "120c373731323334353637383930", "771234567890"],
    ["PrintableString", "13025255", "RU"],
    ["IA5String", "1604612e6240", "a.b@"],
    ["VisibleString", "1a026162", "ab"],
    ["empty UTF8String", "0c00", ""],
  ])("%s", (_, hex, text) => {
    expect(decodeDerString(fromHex(hex))).toBe(text);
  });

  test.each([
    ["a TeletexString", "14026162"],
    ["an INTEGER", "020101"],
    ["a BMPString of an odd length", "1e03041f04"],
    ["trailing bytes", "0c02414200"],
    ["a truncated value", "0c0541"],
  ])("%s comes back as # and hex (RFC 4514)", (_, hex) => {
    expect(decodeDerString(fromHex(hex))).toBe(`#${hex}`);
  });

  test("invalid UTF-8 is read byte by byte, as the library reads names", () => {
    expect(decodeDerString(fromHex("0c03d0b8d0"))).toBe("\u00d0\u00b8\u00d0");
  });
});

const bytes = (hex: string): ArrayBuffer => new Uint8Array(fromHex(hex)).buffer;

function spki(algorithm: string, parameters: string | null, key: string): SubjectPublicKeyInfo {
  return new SubjectPublicKeyInfo({
    algorithm: new AlgorithmIdentifier({ algorithm, parameters: parameters === null ? null : bytes(parameters) }),
    subjectPublicKey: bytes(key),
  });
}

describe("public keys", () => {
  const point = "11".repeat(64);
  const gostKey = `0440${point}`;

  test("GOST parameters with a digest and an encryption parameter set: the first is the key's", () => {
    // SEQUENCE { 1.2.643.2.2.35.1, 1.2.643.7.1.1.2.2, 1.2.643.2.2.31.1 }
    const key = parsePublicKey(spki(GOST_256, "301c06072a850302022301" + "06082a85030701010202" + "06072a850302021f01", gostKey));
    expect(key).toMatchObject({ algorithm: "gost2012-256", paramSet: CRYPTOPRO_A, paramSetName: "CryptoPro-A" });
    expect(toHex(key.raw)).toBe(point);
  });

  test("unreadable GOST parameters give no parameter set, not an error", () => {
    expect(parsePublicKey(spki(GOST_256, "0500", gostKey)).paramSet).toBeNull();
    expect(parsePublicKey(spki(GOST_256, "3009" + "06072a850302022301" + "00", gostKey)).paramSet).toBeNull();
  });

  test("a GOST key with bytes after its OCTET STRING is refused", () => {
    expect(() => parsePublicKey(spki(GOST_256, "300906072a850302022301", `${gostKey}00`))).toThrow(CertificateParseError);
  });

  test("EC: a named curve has a name, an implicit curve (NULL) none", () => {
    const ecPoint = `04${"22".repeat(64)}`;
    expect(parsePublicKey(spki("1.2.840.10045.2.1", "06082a8648ce3d030107", ecPoint))).toMatchObject({ algorithm: "ec-p256", paramSet: "1.2.840.10045.3.1.7" });
    expect(parsePublicKey(spki("1.2.840.10045.2.1", "0500", ecPoint))).toMatchObject({ algorithm: "ec", paramSet: null });
  });

  test("a key named by the registry where kep-bridge makes its kind, else by its family", () => {
    const p384Point = `04${"33".repeat(96)}`;
    expect(parsePublicKey(spki("1.2.840.10045.2.1", "06052b81040022", p384Point))).toMatchObject({ algorithm: "ec", paramSetName: "P-384" });
    expect(parsePublicKey(spki("1.2.643.2.2.19", "300906072a850302022301", gostKey)).algorithm).toBe("gost2001");
  });

  test("RSA: the modulus; a key that is not an RSAPublicKey is refused", () => {
    expect(toHex(parsePublicKey(spki("1.2.840.113549.1.1.1", "0500", "300802030080ff0201" + "03")).raw)).toBe("80ff");
    expect(() => parsePublicKey(spki("1.2.840.113549.1.1.1", "0500", "3003020180"))).toThrow("RSA public key is not an RSAPublicKey");
  });

  test("an unknown algorithm keeps the BIT STRING bytes", () => {
    expect(parsePublicKey(spki("1.2.3.4", null, "abcd"))).toMatchObject({ algorithm: "other", paramSet: null, raw: fromHex("abcd") });
  });
});

const extension = (extnID: string, hex: string) => new Extension({ extnID, extnValue: new OctetString(fromHex(hex)) });
const utf8 = (text: string) => {
  const bytes = new TextEncoder().encode(text);
  return `0c${bytes.length.toString(16).padStart(2, "0")}${toHex(bytes)}`;
};

describe("extensions", () => {
  test("unknown extensions, critical or not, are ignored", () => {
    const info = parseExtensions([
      extension("1.2.3.4.5", "0500"),
      new Extension({ extnID: "1.2.3.4.6", critical: true, extnValue: new OctetString(fromHex("ff")) }),
    ]);
    expect(info).toEqual({ keyUsage: [], extendedKeyUsage: [], policies: [], isCa: false, subjectSignTool: null, issuerSignTool: null });
  });

  test("issuerSignTool: four strings of any string type", () => {
    const items = [utf8("СКЗИ"), "13024341", utf8("СФ/124"), utf8("СФ/128")];
    const body = items.join("");
    const info = parseExtensions([extension("1.2.643.100.112", `30${(body.length / 2).toString(16)}${body}`)]);
    expect(info.issuerSignTool).toEqual({ signTool: "СКЗИ", caTool: "CA", signToolCertificate: "СФ/124", caToolCertificate: "СФ/128" });
  });

  test.each([
    ["three strings", `3006${utf8("a")}${utf8("b")}${utf8("c")}`],
    ["an INTEGER among them", `300c${utf8("a")}${utf8("b")}${utf8("c")}020101`],
    ["bytes after the SEQUENCE", `300c${utf8("a")}${utf8("b")}${utf8("c")}${utf8("d")}00`],
  ])("issuerSignTool with %s is a parse error naming it", (_, hex) => {
    expect(() => parseExtensions([extension("1.2.643.100.112", hex)])).toThrow("malformed issuerSignTool extension");
  });

  test("a key usage with bytes after its BIT STRING is a parse error naming it", () => {
    expect(() => parseExtensions([extension("2.5.29.15", "030204f000")])).toThrow("malformed keyUsage extension");
  });

  test("subjectAltName: a certificate without one gives null (host names then fall back to the CN)", () => {
    expect(subjectAlternativeNames(decodeCertificate(fnsCertificate()))).toBeNull();
  });
});

describe("PKCS#11 attribute values (shared/der.ts)", () => {
  test.each([
    ["1.2.643.7.1.2.1.1.1", "06092a8503070102010101"],
    ["1.2.840.10045.3.1.7", "06082a8648ce3d030107"],
    ["2.999.3", "0603883703"],
    ["0.9.2342.19200300.100.1.1", "060a0992268993f22c640101"],
  ])("OID %s", (oid, hex) => {
    expect(toHex(encodeOid(oid))).toBe(hex);
    expect(decodeOid(fromHex(hex))).toBe(oid);
  });

  test.each(["1", "1.2.x", "3.1", "1.40", "", "1..2", "1.02"])("%j is not an OID to encode", (oid) => {
    expect(() => encodeOid(oid)).toThrow(`bad OID ${oid}`);
  });

  test.each([
    ["an empty OID", "0600"],
    ["a short one", "06032a85"],
    ["trailing bytes", "06032a850300"],
    ["an OCTET STRING", "0403010203"],
  ])("%s is not an OID to decode", (_, hex) => {
    expect(() => decodeOid(fromHex(hex))).toThrow(/DER/);
  });

  test("an EC point inside its OCTET STRING, and not inside anything else", () => {
    expect(toHex(derContent(fromHex("0403040102"), 0x04))).toBe("040102");
    expect(() => derContent(fromHex("0303040102"), 0x04)).toThrow("DER: expected tag 0x4");
  });
});

describe("names: the FNS identifiers in whatever string type a CA chose", () => {
  const rdn = (type: string, value: AttributeValue) => new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value })]);
  const raw = (hex: string) => new AttributeValue({ anyValue: new Uint8Array(fromHex(hex)).buffer });

  test("ИНН as PrintableString, СНИЛС as UTF8String, ОГРН as NumericString, CN as BMPString, an unknown type as IA5String", () => {
    const name = new Name([
      rdn("1.2.643.3.131.1.1", new AttributeValue({ printableString: "500100732259" })),
      rdn("1.2.643.100.3", new AttributeValue({ utf8String: "11223344595" })),
      rdn("1.2.643.100.1", raw("120d31303237373030313332313935")),
      rdn("2.5.4.3", new AttributeValue({ bmpString: "Иванов" })),
      rdn("1.2.3.4", new AttributeValue({ ia5String: "x@y" })),
    ]);
    const info = parseName(name);
    expect(info).toMatchObject({ inn: "500100732259", snils: "11223344595", ogrn: "1027700132195", commonName: "Иванов" });
    expect(info.attributes.at(-1)).toEqual({ oid: "1.2.3.4", name: "1.2.3.4", value: "x@y" });
  });

  test("a value of a type that is no string is kept as # and hex, not dropped", () => {
    expect(parseName(new Name([rdn("1.2.643.100.5", raw("020101"))])).ogrnip).toBe("#020101");
  });
});
