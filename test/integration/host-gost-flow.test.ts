import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KeyAlgorithmName, ResultOf } from "../../shared/protocol/index.ts";
import { createGostCa, type GostCa } from "../fixtures/gost-ca.ts";
import { createGostToken, type GostToken } from "../fixtures/gost-token.ts";
import { HostProcess } from "../fixtures/host-process.ts";
import { signDocument } from "../fixtures/sign-document.ts";
import { innPerson, snils } from "../softtoken/provision/checkdigits.ts";

const b64 = (der: Uint8Array) => Buffer.from(der).toString("base64");

function ok<T>(response: { ok: boolean; result?: unknown; error?: unknown }): T {
  if (!response.ok) throw new Error(`host error: ${JSON.stringify(response.error)}`);
  return response.result as T;
}

const SUBJECT = {
  commonName: "Тестов Тест Тестович",
  surname: "Тестов",
  givenName: "Тест Тестович",
  country: "RU",
  state: "77 г. Москва",
  locality: "Москва",
  email: "testov@kep-bridge.invalid",
  inn: innPerson("7700000001"),
  snils: snils("100200300"),
};
const EXTENSIONS = {
  keyUsage: ["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment"],
  extendedKeyUsage: ["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4"],
  policies: ["1.2.643.100.113.1"],
  subjectSignTool: "kep-bridge TEST",
  identificationKind: 0 as const,
};

// The whole reissue on the GOST software token, judged by OpenSSL with the GOST engine:
// key pair → FNS-profile request → certificate issued by an OpenSSL CA → written next
// to its key → CAdES-BES signatures that OpenSSL verifies.
describe.each<{ algorithm: KeyAlgorithmName; paramSet: string; digest: string }>([
  { algorithm: "gost2012-256", paramSet: "1.2.643.2.2.36.0", digest: "md_gost12_256" },
  { algorithm: "gost2012-512", paramSet: "1.2.643.7.1.2.1.2.1", digest: "md_gost12_512" },
])("reissue flow with $algorithm", ({ algorithm, paramSet, digest }) => {
  let token: GostToken;
  let host: HostProcess;
  let ca: GostCa;
  const ref = () => ({ module: token.module, serial: token.serial });
  let keyId = "";
  let cert: Buffer;

  beforeAll(async () => {
    token = createGostToken();
    ca = createGostCa();
    host = new HostProcess(token.env);
    ok(await host.handshake());
    ok(await host.request("login", { token: ref(), pin: token.pin }));
  });

  afterAll(async () => {
    await host?.stop();
    token?.cleanup();
  });

  it("generates the key pair on the token with the default parameter set", async () => {
    const result = ok<ResultOf<"generateKeyPair">>(await host.request("generateKeyPair", { token: ref(), algorithm }));
    expect(result.key.paramSet).toBe(paramSet);
    expect(result.privateKey).toMatchObject({ sensitive: true, extractable: false });
    keyId = result.key.id;
  });

  it("rejects a request with a wrong SNILS, naming the field", async () => {
    const response = await host.request("createCsr", { token: ref(), keyId, subject: { ...SUBJECT, snils: "11223344596" }, extensions: EXTENSIONS });
    expect(response).toMatchObject({
      ok: false,
      error: { code: "INVALID_FIELD", details: { field: "subject.snils", problemRu: expect.stringMatching(/СНИЛС/) } },
    });
  });

  it("makes a request that OpenSSL verifies, and the CA's certificate pairs with the key", async () => {
    const csr = ok<ResultOf<"createCsr">>(await host.request("createCsr", { token: ref(), keyId, subject: SUBJECT, extensions: EXTENSIONS }));
    expect(ca.verifyRequest(csr.pem)).toMatch(/verify OK/);
    cert = ca.issue(csr.pem);
    const written = ok<ResultOf<"writeCertificate">>(await host.request("writeCertificate", { token: ref(), der: b64(cert), chain: [b64(ca.caDer)] }));
    expect(written.certificate.key).toEqual({ id: keyId, by: "both", idMismatch: false });
  });

  it("signs detached and attached from the document's digest; OpenSSL verifies CAdES-BES", async () => {
    const document = randomBytes(3 * 1024 * 1024 + 7);
    const detached = await signDocument(host, { token: ref(), certificate: cert, document, detached: true });
    expect(detached.digest).toBe(ca.ssl.run(["dgst", `-${digest}`, "-binary"], document).toString("hex"));
    ca.verifyCms(detached.cms, document);

    const text = Buffer.from("Заявление о выдаче квалифицированного сертификата");
    const attached = await signDocument(host, { token: ref(), certificate: cert, document: text, detached: false });
    expect(ca.verifyCms(attached.cms)).toEqual(text);

    // signingCertificateV2 carries the certificate's hash in the key's digest.
    const certHash = ca.ssl
      .run(["dgst", `-${digest}`, "-binary"], cert)
      .toString("hex")
      .toUpperCase();
    const printed = ca.ssl
      .run(["cms", "-cmsout", "-print", "-inform", "DER"], detached.cms)
      .toString("latin1")
      .replace(/[\s:-]/g, "")
      .toUpperCase();
    expect(printed).toContain(certHash);
  });

  it("signs two requests at once on one token", async () => {
    const a = randomBytes(1000);
    const b = randomBytes(2000);
    const [sa, sb] = await Promise.all([
      signDocument(host, { token: ref(), certificate: cert, document: a, detached: true }),
      signDocument(host, { token: ref(), certificate: cert, document: b, detached: true }),
    ]);
    ca.verifyCms(sa.cms, a);
    ca.verifyCms(sb.cms, b);
  });
});

// A library the user adds in the options page reaches the host without restarting it.
describe("user-added PKCS#11 library", () => {
  it("is saved in the host's config.json and loaded at once", async () => {
    const token = createGostToken();
    // No KEP_PKCS11_MODULES: the host discovers, and the soft token is in no vendor table.
    const host = new HostProcess({ KEP_SOFTTOKEN_DIR: token.dir });
    try {
      const before = ok<ResultOf<"handshake">>(await host.handshake());
      expect(before.modules.map((m) => m.path)).not.toContain(token.module);
      const relative = await host.request("setModulePaths", { modules: ["lib/relative.so"] });
      expect(relative).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
      const result = ok<ResultOf<"setModulePaths">>(await host.request("setModulePaths", { modules: [token.module, "/nonexistent/libvendor.so"] }));
      expect(result.configFile.startsWith(host.stateDir)).toBe(true);
      expect(JSON.parse(readFileSync(result.configFile, "utf8"))).toMatchObject({ modules: [token.module, "/nonexistent/libvendor.so"] });
      expect(result.modules.find((m) => m.path === token.module)).toMatchObject({ loaded: true });
      expect(result.modules.find((m) => m.path === "/nonexistent/libvendor.so")).toMatchObject({ loaded: false, error: { code: "MODULE_LOAD_FAILED" } });
      const listed = ok<ResultOf<"listTokens">>(await host.request("listTokens"));
      expect(listed.tokens.map((t) => t.serial)).toContain(token.serial);
    } finally {
      await host.stop();
      token.cleanup();
    }
  });
});
