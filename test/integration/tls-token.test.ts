import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { KepError, type ResultOf } from "../../shared/protocol/index.ts";
import { Logger } from "../../native-host/src/log.ts";
import { ModuleRegistry } from "../../native-host/src/pkcs11/registry.ts";
import { gostFetch } from "../../native-host/src/tls/fetch.ts";
import { createTokenClientKey } from "../../native-host/src/tls/token-client-key.ts";
import { TokenSessions } from "../../native-host/src/tokens/sessions.ts";
import { createGostToken, type GostToken } from "../fixtures/gost-token.ts";
import { ROOT } from "../fixtures/paths.ts";
import { createGostTlsPki, type GostTlsPki } from "../fixtures/tls/gost-tls-pki.ts";
import { startSServer, type SServer } from "../fixtures/tls/s-server.ts";
import { insertToken, removeToken } from "../softtoken/harness.ts";

const CLI = join(ROOT, "dist/native-host/kep-cli.cjs");

// The client key on the GOST soft token, through the CLI as a user runs it: the token agrees
// the key (CryptoPro suite, key on the server key's curve) or signs CertificateVerify.
describe("kep fetch with the client key on a token", () => {
  let token: GostToken;
  let pki: GostTlsPki;
  let work: string;
  let server: SServer | null = null;
  const thumbprints: Record<"agree" | "sign", string> = { agree: "", sign: "" };
  const run = (args: string[], pin = token.pin) =>
    spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...token.env, KEP_LANG: "en", KEP_PIN: pin, KEP_STATE_DIR: work }, encoding: "utf8" });

  /** A key made on the token, a request signed there, the certificate from the test CA written back. */
  const placeClientCertificate = (keygen: string[], name: string): string => {
    const made = run(["keygen", ...keygen, "--json"]);
    expect(made.status, made.stderr).toBe(0);
    const { key } = JSON.parse(made.stdout) as ResultOf<"generateKeyPair">;
    const csr = join(work, `${name}.csr`);
    const request = run(["csr", "--key", key.id, "--cn", `Тестов Тест ${name}`, "--out", csr]);
    expect(request.status, request.stderr).toBe(0);
    writeFileSync(join(work, `${name}.cer`), pki.issueClient(readFileSync(csr, "utf8")));
    const imported = run(["import", "--cert", join(work, `${name}.cer`), "--json"]);
    expect(imported.status, imported.stderr).toBe(0);
    return (JSON.parse(imported.stdout) as ResultOf<"writeCertificate">).certificate.thumbprint;
  };

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "kep-tls-token-"));
    token = createGostToken();
    pki = createGostTlsPki();
    thumbprints.agree = placeClientCertificate(["--paramset", "CryptoPro-A"], "agree");
    thumbprints.sign = placeClientCertificate(["--alg", "gost2012-512"], "sign");
  });
  afterEach(async () => {
    await server?.stop();
    server = null;
  });
  afterAll(() => token?.cleanup());

  const serve = async (suite: string, version: "tls1" | "tls1_2") => {
    server = await startSServer({ certificate: pki.server, caPath: pki.caPath, suite, version, files: { "page.html": "<p>Личный кабинет</p>" } });
    return server.port;
  };

  it("fetches a page with the CryptoPro suite in TLS 1.0, the token agreeing the key", async () => {
    const port = await serve("LEGACY-GOST2012-GOST8912-GOST8912", "tls1");
    const fetched = run(["fetch", `https://localhost:${port}/page.html`, "--cert", thumbprints.agree, "--ca", pki.caPath, "--json"]);
    expect(fetched.status, fetched.stderr).toBe(0);
    const result = JSON.parse(fetched.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      status: 200,
      protocol: "TLSv1",
      suite: "LEGACY-GOST2012-GOST8912-GOST8912",
      clientAuthentication: "static-key",
      body: "<p>Личный кабинет</p>",
    });
    expect(result["serverCertificate"]).toMatchObject({ subject: expect.stringContaining("CN=localhost") });
    await server!.waitForOutput(/depth=0 .*agree.*\nverify return:1/);
  });

  it("fetches a page with Kuznyechik in TLS 1.2, the token signing CertificateVerify, over --connect", async () => {
    const port = await serve("GOST2012-KUZNYECHIK-KUZNYECHIKOMAC", "tls1_2");
    const fetched = run([
      "fetch",
      `https://localhost:${port}/page.html`,
      "--connect",
      `127.0.0.1:${port}`,
      "--cert",
      thumbprints.sign,
      "--ca",
      pki.caPath,
      "--suite",
      "GOST2012-KUZNYECHIK-KUZNYECHIKOMAC",
    ]);
    expect(fetched.status, fetched.stderr).toBe(0);
    expect(fetched.stdout).toBe("<p>Личный кабинет</p>");
    await server!.waitForOutput(/depth=0 .*sign.*\nverify return:1/);
  });

  it("stops at a wrong PIN with PIN_INCORRECT and prints no page", async () => {
    const port = await serve("GOST2012-MAGMA-MAGMAOMAC", "tls1_2");
    const fetched = run(["fetch", `https://localhost:${port}/page.html`, "--cert", thumbprints.sign, "--ca", pki.caPath, "--json"], "00000000");
    expect(fetched.status).toBe(1);
    expect(JSON.parse(fetched.stdout)).toMatchObject({ error: { code: "PIN_INCORRECT" } });
    expect(fetched.stdout).not.toContain("Личный кабинет");
  });

  it("reports a token removed in the middle of the handshake", async () => {
    const port = await serve("LEGACY-GOST2012-GOST8912-GOST8912", "tls1_2");
    Object.assign(process.env, token.env, { KEP_STATE_DIR: work });
    const log = new Logger(join(work, "host.log"));
    const registry = new ModuleRegistry(log);
    const sessions = new TokenSessions(log);
    try {
      const key = await createTokenClientKey({ registry, sessions, thumbprint: thumbprints.agree, pin: async () => token.pin });
      // Pulled out after the key was found and the handshake began, just before the token is needed.
      const pulledOut = { ...key, deriveVko: (peer: Uint8Array, ukm: Uint8Array) => (removeToken(token.dir), key.deriveVko(peer, ukm)) };
      const error = await gostFetch({ url: new URL(`https://localhost:${port}/page.html`), trustAnchors: [pki.caDer], clientKey: pulledOut }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(KepError);
      expect((error as KepError).code).toBe("TOKEN_REMOVED");
    } finally {
      insertToken(token.dir);
      await sessions.closeAll();
      await registry.finalizeAll();
    }
  });
});
