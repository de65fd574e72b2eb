import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResultOf } from "../../shared/protocol/index.ts";
import { HostProcess } from "../fixtures/host-process.ts";
import { createTestCa, issueForEcPoint, type TestCa } from "../fixtures/issue-certificate.ts";
import { createSoftHsmToken, USER_PIN, type SoftHsmToken } from "../fixtures/softhsm-token.ts";
import { openssl } from "../softtoken/provision/openssl.ts";
import { signDocument } from "../fixtures/sign-document.ts";

const sha1 = (der: Uint8Array) => createHash("sha1").update(der).digest("hex").toUpperCase();
const b64 = (der: Uint8Array) => Buffer.from(der).toString("base64");

function ok<T>(response: { ok: boolean; result?: unknown; error?: unknown }): T {
  if (!response.ok) throw new Error(`host error: ${JSON.stringify(response.error)}`);
  return response.result as T;
}

// Key generation, certificate writing and deletion through the built host, against
// SoftHSM2: a PKCS#11 module we did not write, with ECDSA P-256 keys.
describe("token operations on SoftHSM2", () => {
  let token: SoftHsmToken;
  let host: HostProcess;
  let ca: TestCa;
  const ref = () => ({ module: token.module, serial: token.serial });

  beforeAll(async () => {
    token = await createSoftHsmToken([]);
    ca = await createTestCa();
    host = new HostProcess(token.env);
    ok(await host.handshake());
  });

  afterAll(async () => {
    await host?.stop();
    token?.cleanup();
  });

  it("needs a login before changing the token", async () => {
    const response = await host.request("generateKeyPair", { token: ref(), algorithm: "ec-p256" });
    expect(response).toMatchObject({ ok: false, error: { code: "NOT_LOGGED_IN" } });
  });

  it("rejects a wrong PIN and never logs it", async () => {
    const response = await host.request("login", { token: ref(), pin: "00000000" });
    expect(response).toMatchObject({ ok: false, error: { code: "PIN_INCORRECT" } });
    expect(host.log).not.toContain("00000000");
  });

  let keyId = "";
  let point: Uint8Array;

  it("generates a non-extractable key pair on the token", async () => {
    const login = ok<ResultOf<"login">>(await host.request("login", { token: ref(), pin: USER_PIN }));
    expect(login.expiresInMs).toBe(5 * 60_000);
    expect(host.log).not.toContain(USER_PIN);
    const result = ok<ResultOf<"generateKeyPair">>(await host.request("generateKeyPair", { token: ref(), algorithm: "ec-p256", label: "Ключ 2026" }));
    expect(result.privateKey).toEqual({ sensitive: true, extractable: false, neverExtractable: true, local: true });
    expect(result.key).toMatchObject({ label: "Ключ 2026", keyType: "EC", paramSet: "1.2.840.10045.3.1.7", hasPublicKey: true, hasPrivateKey: true });
    expect(result.key.id).toMatch(/^[0-9a-f]{40}$/);
    keyId = result.key.id;
    point = Buffer.from(result.key.publicKey!, "base64");
    expect(point[0]).toBe(4);
    expect(point).toHaveLength(65);
  });

  let certDer: Uint8Array;

  it("writes the certificate issued for that key next to it, once", async () => {
    certDer = await issueForEcPoint(ca, point);
    const first = ok<ResultOf<"writeCertificate">>(await host.request("writeCertificate", { token: ref(), der: b64(certDer), chain: [b64(ca.der)] }));
    expect(first).toMatchObject({
      written: true,
      chainWritten: 1,
      certificate: { id: keyId, label: "Ключ 2026", thumbprint: sha1(certDer), key: { id: keyId, by: "both" } },
    });
    const again = ok<ResultOf<"writeCertificate">>(await host.request("writeCertificate", { token: ref(), der: b64(certDer), chain: [b64(ca.der)] }));
    expect(again).toMatchObject({ written: false, chainWritten: 0 });
    const listed = ok<ResultOf<"listObjects">>(await host.request("listObjects", { token: ref() }));
    expect(listed.loggedIn).toBe(true);
    expect(listed.certificates.map((c) => c.thumbprint).sort()).toEqual([sha1(certDer), sha1(ca.der)].sort());
    expect(listed.certificates.find((c) => c.thumbprint === sha1(ca.der))).toMatchObject({ category: 2, key: null });
  });

  it("refuses a certificate whose key is not on the token, and garbage", async () => {
    const foreign = await issueForEcPoint(
      ca,
      new Uint8Array(await crypto.subtle.exportKey("raw", (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign"])).publicKey)),
    );
    expect(await host.request("writeCertificate", { token: ref(), der: b64(foreign) })).toMatchObject({ ok: false, error: { code: "KEY_NOT_FOUND" } });
    expect(await host.request("writeCertificate", { token: ref(), der: b64(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])) })).toMatchObject({
      ok: false,
      error: { code: "BAD_REQUEST" },
    });
    const listed = ok<ResultOf<"listObjects">>(await host.request("listObjects", { token: ref() }));
    expect(listed.certificates).toHaveLength(2);
  });

  it("signs a document's digest, detached and attached, verifiable by OpenSSL as CAdES-BES", async () => {
    const ssl = openssl(mkdtempSync(join(tmpdir(), "kep-cms-")));
    writeFileSync(join(ssl.dir, "ca.pem"), `-----BEGIN CERTIFICATE-----\n${b64(ca.der).replace(/(.{64})/g, "$1\n")}\n-----END CERTIFICATE-----\n`);
    const document = randomBytes(2 * 1024 * 1024 + 12345);
    writeFileSync(join(ssl.dir, "doc.bin"), document);
    const detached = await signDocument(host, { token: ref(), certificate: certDer, document, detached: true });
    expect(detached.digest).toBe(createHash("sha256").update(document).digest("hex"));
    writeFileSync(join(ssl.dir, "detached.p7s"), detached.cms);
    const verify = ["cms", "-verify", "-binary", "-inform", "DER", "-CAfile", "ca.pem", "-purpose", "any", "-out", "/dev/null"];
    ssl.run([...verify, "-cades", "-in", "detached.p7s", "-content", "doc.bin"]);

    const small = Buffer.from("Заявление на выпуск сертификата");
    const attached = await signDocument(host, { token: ref(), certificate: certDer, document: small, detached: false });
    writeFileSync(join(ssl.dir, "attached.p7s"), attached.cms);
    expect(ssl.run(["cms", "-verify", "-inform", "DER", "-CAfile", "ca.pem", "-purpose", "any", "-cades", "-in", "attached.p7s"])).toEqual(small);
  });

  it("refuses a digest of the wrong length for the key, and an unknown certificate", async () => {
    const short = await host.request("signDigest", { token: ref(), certificate: sha1(certDer), digest: "ab".repeat(64) });
    expect(short).toMatchObject({ ok: false, error: { code: "BAD_REQUEST", message: expect.stringContaining("32-byte digest") } });
    const unknown = await host.request("signDigest", { token: ref(), certificate: "0".repeat(40), digest: "ab".repeat(32) });
    expect(unknown).toMatchObject({ ok: false, error: { code: "CERT_NOT_FOUND" } });
  });

  it("no longer speaks the chunked signing of protocol 1.x", async () => {
    const old = await host.request("signStart", { token: ref(), certificate: sha1(certDer), detached: true });
    expect(old).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
  });

  it("keeps a key pair a valid certificate uses unless forced, then deletes exactly what was asked", async () => {
    const refused = await host.request("deleteObjects", { token: ref(), items: [{ kind: "keyPair", id: keyId }] });
    expect(refused).toMatchObject({ ok: false, error: { code: "KEY_IN_USE" } });
    const unknown = await host.request("deleteObjects", { token: ref(), items: [{ kind: "certificate", thumbprint: "0".repeat(40) }] });
    expect(unknown).toMatchObject({ ok: false, error: { code: "CERT_NOT_FOUND" } });
    expect(ok<ResultOf<"listObjects">>(await host.request("listObjects", { token: ref() })).keys).toHaveLength(1);

    const result = ok<ResultOf<"deleteObjects">>(
      await host.request("deleteObjects", {
        token: ref(),
        items: [
          { kind: "certificate", thumbprint: sha1(certDer) },
          { kind: "keyPair", id: keyId },
        ],
      }),
    );
    expect(result.notDeleted).toEqual([]);
    expect(result.deleted).toEqual([{ item: { kind: "certificate", thumbprint: sha1(certDer) }, der: b64(certDer) }, { item: { kind: "keyPair", id: keyId } }]);
    const listed = ok<ResultOf<"listObjects">>(await host.request("listObjects", { token: ref() }));
    expect(listed.keys).toEqual([]);
    expect(listed.certificates.map((c) => c.thumbprint)).toEqual([sha1(ca.der)]);
  });

  it("logs out on request", async () => {
    ok(await host.request("logout", { token: ref() }));
    expect(await host.request("generateKeyPair", { token: ref(), algorithm: "ec-p256" })).toMatchObject({ ok: false, error: { code: "NOT_LOGGED_IN" } });
  });

  it("tells the extension when a login times out", async () => {
    const quick = new HostProcess({ ...token.env, KEP_LOGIN_MINUTES: "0.01" });
    try {
      ok(await quick.handshake());
      const event = quick.nextEvent();
      ok(await quick.request("login", { token: ref(), pin: USER_PIN }));
      expect(await event).toEqual({ event: "loggedOut", token: ref(), reason: "timeout" });
      expect(await quick.request("generateKeyPair", { token: ref(), algorithm: "ec-p256" })).toMatchObject({ ok: false, error: { code: "NOT_LOGGED_IN" } });
    } finally {
      await quick.stop();
    }
  });
});
