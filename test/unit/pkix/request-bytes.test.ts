import { describe, expect, test } from "vitest";
import { toHex } from "../../../shared/encoding.ts";
import { assembleRequest, certificationRequestInfo, type RequestContent } from "../../../shared/pkix/request.ts";
import { x509Signature } from "../../../shared/pkix/signature-value.ts";
import { assembleCsr, certificationRequestInfo as oldInfo } from "../../../native-host/src/pki/csr.ts";
import { x509Signature as oldSignature } from "../../../native-host/src/pki/signature-format.ts";

const FULL: RequestContent = {
  subject: {
    commonName: 'ООО "Ромашка"',
    surname: "Иванов",
    givenName: "Иван Иванович",
    title: "Генеральный директор",
    organization: 'ООО "Ромашка"',
    organizationalUnit: "Отдел",
    country: "RU",
    state: "77 Москва",
    locality: "г. Москва",
    street: "ул. Неглинная, д. 23",
    email: "ivanov@example.ru",
    inn: "771004718687",
    innle: "7707329152",
    ogrn: "1047707030513",
    snils: "11223344595",
  },
  publicKey: { algorithm: "gost2012-256", paramSet: "1.2.643.2.2.36.0", raw: Uint8Array.from({ length: 64 }, (_, i) => i * 3) },
  extensions: {
    keyUsage: ["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement"],
    extendedKeyUsage: ["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4"],
    policies: ["1.2.643.100.113.1", "1.2.643.100.113.2"],
    subjectSignTool: 'Средство электронной подписи: СКЗИ "Рутокен ЭЦП 3.0"' + "x".repeat(120),
    identificationKind: 3,
  },
};

const CASES: [string, RequestContent][] = [
  ["full 256", FULL],
  ["512 TC26-A", { ...FULL, publicKey: { algorithm: "gost2012-512", paramSet: "1.2.643.7.1.2.1.2.1", raw: new Uint8Array(128).fill(0xa5) } }],
  ["256 TC26-A with digest param", { ...FULL, publicKey: { algorithm: "gost2012-256", paramSet: "1.2.643.7.1.2.1.1.1", raw: new Uint8Array(64).fill(1) } }],
  ["ec", { ...FULL, publicKey: { algorithm: "ec-p256", paramSet: "1.2.840.10045.3.1.7", raw: new Uint8Array(65).fill(4) } }],
  ["no extensions", { ...FULL, extensions: {} }],
  ["one usage", { ...FULL, extensions: { keyUsage: ["digitalSignature"], identificationKind: 0 } }],
  ["key agreement only", { ...FULL, extensions: { keyUsage: ["keyAgreement"] } }],
  ["minimal subject", { ...FULL, subject: { commonName: "A", country: "RU", inn: "232601478079", ogrnip: "309236005500091" } }],
];

describe("request bytes: the schema library's output equals the hand-written writer's", () => {
  test.each(CASES)("%s", (_, content) => {
    const info = certificationRequestInfo(content);
    expect(toHex(info)).toBe(toHex(oldInfo(content)));
    const sig = new Uint8Array(content.publicKey.algorithm === "gost2012-512" ? 128 : 64).map((_, i) => (i * 37) & 0xff);
    expect(toHex(assembleRequest(info, content.publicKey.algorithm, sig))).toBe(toHex(assembleCsr(info, content.publicKey.algorithm, sig)));
  });

  test("ECDSA signatures with and without sign bytes and leading zeros", () => {
    for (const fill of [0x00, 0x01, 0x7f, 0x80, 0xff]) {
      const sig = new Uint8Array(64).fill(fill);
      sig[0] = 0;
      sig[1] = fill;
      sig[32] = fill ^ 0x80;
      expect(toHex(x509Signature("ec-p256", sig))).toBe(toHex(oldSignature("ec-p256", sig)));
    }
  });
});
