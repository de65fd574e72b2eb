import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KeyAlgorithmName, ResultOf } from "../../shared/protocol/index.ts";
import { createGostCa, type GostCa } from "../fixtures/gost-ca.ts";
import { createGostToken, type GostToken } from "../fixtures/gost-token.ts";
import { HostProcess } from "../fixtures/host-process.ts";

function ok<T>(response: { ok: boolean; result?: unknown; error?: unknown }): T {
  if (!response.ok) throw new Error(`host error: ${JSON.stringify(response.error)}`);
  return response.result as T;
}

/**
 * The host's signHash (RawSignature.SignHash behind the extension's window): the token's bare
 * signature over the caller's digest, which OpenSSL with the GOST engine verifies with the
 * certificate's key; a digest of the other length is refused before the token signs.
 */
describe.each<{ algorithm: KeyAlgorithmName; length: number; other: number }>([
  { algorithm: "gost2012-256", length: 32, other: 64 },
  { algorithm: "gost2012-512", length: 64, other: 32 },
])("signHash with $algorithm", ({ algorithm, length, other }) => {
  let token: GostToken;
  let host: HostProcess;
  let ca: GostCa;
  let thumbprint = "";
  const ref = () => ({ module: token.module, serial: token.serial });

  beforeAll(async () => {
    token = createGostToken();
    ca = createGostCa();
    host = new HostProcess(token.env);
    ok(await host.handshake());
    ok(await host.request("login", { token: ref(), pin: token.pin }));
    const { key } = ok<ResultOf<"generateKeyPair">>(await host.request("generateKeyPair", { token: ref(), algorithm }));
    const csr = ok<ResultOf<"createCsr">>(await host.request("createCsr", { token: ref(), keyId: key.id, subject: { commonName: "Сыров Хэш Подписович" } }));
    const written = ok<ResultOf<"writeCertificate">>(await host.request("writeCertificate", { token: ref(), der: ca.issue(csr.pem).toString("base64") }));
    thumbprint = written.certificate.thumbprint;
    writeFileSync(join(ca.ssl.dir, "signer.der"), Buffer.from(written.certificate.der, "base64"));
  });

  afterAll(async () => {
    await host?.stop();
    token?.cleanup();
  });

  it("returns s‖r that OpenSSL verifies over the same digest", async () => {
    const digest = randomBytes(length);
    const { signature } = ok<ResultOf<"signHash">>(await host.request("signHash", { token: ref(), certificate: thumbprint, digest: digest.toString("hex") }));
    expect(signature).toHaveLength(4 * length);
    writeFileSync(join(ca.ssl.dir, "digest.bin"), digest);
    writeFileSync(join(ca.ssl.dir, "raw.sig"), Buffer.from(signature, "hex"));
    ca.ssl.run(["x509", "-inform", "DER", "-in", "signer.der", "-out", "signer.pem"]);
    const verdict = ca.ssl.run(["pkeyutl", "-verify", "-certin", "-inkey", "signer.pem", "-in", "digest.bin", "-sigfile", "raw.sig"]);
    expect(verdict.toString()).toMatch(/Signature Verified Successfully/);
  });

  it("refuses a digest of the other length, and signs nothing without a login", async () => {
    const wrong = await host.request("signHash", { token: ref(), certificate: thumbprint, digest: randomBytes(other).toString("hex") });
    expect(wrong).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    ok(await host.request("logout", { token: ref() }));
    const loggedOut = await host.request("signHash", { token: ref(), certificate: thumbprint, digest: randomBytes(length).toString("hex") });
    expect(loggedOut).toMatchObject({ ok: false, error: { code: "NOT_LOGGED_IN" } });
  });
});
