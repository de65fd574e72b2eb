/**
 * The LK test site as the GOST cabinet lkipgost2.nalog.ru, judged by `openssl s_client` with
 * gost-engine: the handshake needs a client certificate from the site's FNS test CA, every GOST
 * suite and TLS 1.0-1.2 negotiate, the server chain is trusted through its own CA only, the
 * site signs the user in by the certificate, keeps the wizard for signed-in users and signs
 * them out; the terminator logs each handshake.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, type AddressInfo } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTlsServer } from "node:tls";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "../fixtures/chromium.ts";
import { createGostCa } from "../fixtures/gost-ca.ts";
import { APPLICANT, fullName, opensslSubject } from "../fixtures/lk-site/applicant.ts";
import { GOST_SITE_HOST, GOST_TLS_SUITES, startGostCabinet, type GostCabinet, type Handshake } from "../fixtures/lk-site/gost-cabinet.ts";
import { fill, TEXTS } from "../fixtures/lk-site/texts.ts";
import { tlsCertificate } from "../fixtures/lk-site/tls.ts";
import { TEST_OUTPUT } from "../fixtures/paths.ts";
import { innPerson } from "../softtoken/provision/checkdigits.ts";
import { openssl, writeGostConf, type OpenSsl } from "../softtoken/provision/openssl.ts";

interface Client {
  cert: string;
  key: string;
}

interface Exchange {
  /** s_client's exit code: 0 once the handshake succeeded. */
  code: number | null;
  output: string;
  status: number;
  headers: Map<string, string>;
  body: string;
}

let cabinet: GostCabinet;
let ssl: OpenSsl;
let work: string;
let serverCaPath: string;
let clientCaPath: string;
let applicant: Client;
let otherTaxpayer: Client;
let foreign: Client;

const OTHER_INN = innPerson("5012345678");

/** One HTTP/1.0 request over one GOST TLS connection made by openssl s_client. */
function exchange(
  request: { method?: string; path: string; cookie?: string; json?: string },
  tls: { client?: Client; suite?: string; version?: "-tls1" | "-tls1_1" | "-tls1_2"; trust?: string } = {},
): Promise<Exchange> {
  const args = [
    "s_client",
    "-connect",
    `127.0.0.1:${cabinet.port}`,
    "-servername",
    GOST_SITE_HOST,
    "-CAfile",
    tls.trust ?? cabinet.caCertificatePath,
    "-verify_hostname",
    GOST_SITE_HOST,
    "-verify_return_error",
    "-cipher",
    `${tls.suite ?? "ALL"}:@SECLEVEL=0`,
    tls.version ?? "-tls1_2",
    "-quiet",
    ...(tls.client ? ["-cert", tls.client.cert, "-key", tls.client.key] : []),
  ];
  const lines = [`${request.method ?? "GET"} ${request.path} HTTP/1.0`, `Host: ${GOST_SITE_HOST}`];
  if (request.cookie) lines.push(`Cookie: ${request.cookie}`);
  if (request.method === "POST") {
    lines.push(`Content-Length: ${Buffer.byteLength(request.json ?? "")}`);
    if (request.json !== undefined) lines.push("Content-Type: application/json");
  }
  return new Promise((resolve, reject) => {
    const child = spawn("openssl", args, { env: { ...process.env, OPENSSL_CONF: writeGostConf(work) } });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (output += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      const head = /HTTP\/1\.[01] (\d+)[^\n]*\n([\s\S]*?)\r?\n\r?\n([\s\S]*)$/.exec(output);
      const headers = new Map<string, string>();
      for (const line of head?.[2]?.split(/\r?\n/) ?? []) {
        const at = line.indexOf(":");
        if (at > 0) headers.set(line.slice(0, at).toLowerCase(), line.slice(at + 1).trim());
      }
      resolve({ code, output, status: head ? Number(head[1]) : 0, headers, body: head?.[3] ?? "" });
    });
    // A refused handshake ends s_client before it reads the request: the write then fails with
    // EPIPE, and what happened is judged by the output and the exit code instead.
    child.stdin.on("error", () => undefined);
    child.stdin.end(`${lines.join("\r\n")}\r\n\r\n${request.json ?? ""}`);
  });
}

/** The handshake logged after the first `before` ones; a refused one is logged after its alert went out. */
async function lastHandshake(before: number): Promise<Handshake> {
  for (let tries = 0; tries < 400; tries++) {
    const all = cabinet.handshakes();
    if (all.length > before) return all[all.length - 1]!;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no new handshake in ${cabinet.logPath}`);
}

function makeClient(name: string, subject: string, issue: (csrPem: string) => string): Client {
  ssl.run(["genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:A", "-out", `${name}.key`]);
  const csr = ssl.run(["req", "-new", "-utf8", "-key", `${name}.key`, "-subj", subject]).toString("utf8");
  writeFileSync(join(work, `${name}.pem`), issue(csr));
  return { cert: join(work, `${name}.pem`), key: join(work, `${name}.key`) };
}

const cookieFrom = (reply: Exchange) => reply.headers.get("set-cookie")?.split(";")[0] ?? "";

beforeAll(async () => {
  cabinet = await startGostCabinet({ delays: { processingMs: 400 } });
  work = mkdtempSync(join(tmpdir(), "kep-lk-gost-test-"));
  ssl = openssl(work);
  serverCaPath = join(work, "server-ca.pem");
  clientCaPath = join(work, "client-ca.pem");
  writeFileSync(serverCaPath, cabinet.caCertificatePem);
  writeFileSync(clientCaPath, cabinet.clientCaPem);
  const siteCa = (csr: string) => cabinet.site.ca.issue(csr).pem;
  applicant = makeClient("applicant", opensslSubject(APPLICANT), siteCa);
  otherTaxpayer = makeClient("other-taxpayer", opensslSubject({ ...APPLICANT, surname: "Другой", inn: OTHER_INN }), siteCa);
  const otherCa = createGostCa();
  foreign = makeClient("foreign", opensslSubject(APPLICANT), (csr) => otherCa.ssl.run(["x509", "-inform", "DER"], otherCa.issue(csr)).toString("utf8"));
});

afterAll(async () => {
  await cabinet?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("GOST TLS in front of the cabinet", () => {
  it("refuses the handshake without a client certificate", async () => {
    const before = cabinet.handshakes().length;
    const reply = await exchange({ path: "/lk/index.html" });
    expect(reply.code).not.toBe(0);
    expect(reply.output).toMatch(/alert handshake failure|alert certificate required/);
    expect(reply.status).toBe(0);
    const logged = await lastHandshake(before);
    expect(logged).toMatchObject({ result: "refused", subject: "" });
    expect(logged.error).toMatch(/peer did not return a certificate/);
  });

  it("refuses the handshake with a certificate from another CA", async () => {
    const before = cabinet.handshakes().length;
    const reply = await exchange({ path: "/lk/index.html" }, { client: foreign });
    expect(reply.code).not.toBe(0);
    expect(reply.output).toMatch(/alert unknown ca/);
    expect(reply.status).toBe(0);
    const logged = await lastHandshake(before);
    expect(logged.result).toBe("refused");
    expect(logged.error).toMatch(/certificate verify failed; certificate: unable to get local issuer certificate/);
  });

  it("refuses plain HTTP on its port, logs it, and goes on serving", async () => {
    const before = cabinet.handshakes().length;
    // The terminator drops the connection, by a reset when the request is still unread.
    await new Promise<void>((resolve) => {
      const socket = connect(cabinet.port, "127.0.0.1", () => socket.end(`GET / HTTP/1.0\r\nHost: ${GOST_SITE_HOST}\r\n\r\n`));
      socket.on("data", () => undefined);
      socket.on("error", () => undefined);
      socket.once("close", () => resolve());
    });
    const logged = await lastHandshake(before);
    expect(logged.result).toBe("refused");
    expect(logged.error).toMatch(/http request|wrong version number/);
    expect((await exchange({ path: "/auth/sign-in" }, { client: applicant })).status).toBe(200);
  });

  it("presents a certificate for lkipgost2.nalog.ru that chains to the server CA, not to the FNS test CA", async () => {
    const trusted = await exchange({ path: "/auth/sign-in" }, { client: applicant });
    expect(trusted.code).toBe(0);
    expect(trusted.status).toBe(200);
    const wrongTrust = await exchange({ path: "/auth/sign-in" }, { client: applicant, trust: clientCaPath });
    expect(wrongTrust.code).not.toBe(0);
    expect(wrongTrust.output).toMatch(/unable to get local issuer certificate/);
    const san = ssl.run(["x509", "-noout", "-ext", "subjectAltName"], Buffer.from(cabinet.serverCertificate.pem)).toString();
    expect(san).toContain(`DNS:${GOST_SITE_HOST}`);
  });

  it.each(GOST_TLS_SUITES.map((suite) => [suite]))("negotiates %s over TLS 1.2", async (suite) => {
    const reply = await exchange({ path: "/auth/sign-in" }, { client: applicant, suite });
    expect(reply.code).toBe(0);
    expect(reply.status).toBe(200);
    const logged = cabinet.handshakes().at(-1)!;
    expect(logged).toMatchObject({ result: "accepted", protocol: "TLSv1.2", suite });
  });

  it.each([
    ["-tls1", "TLSv1"],
    ["-tls1_1", "TLSv1.1"],
  ] as const)("negotiates the GOST 28147-89 suite over %s", async (version, protocol) => {
    const reply = await exchange({ path: "/auth/sign-in" }, { client: applicant, version });
    expect(reply.code).toBe(0);
    expect(reply.status).toBe(200);
    expect(cabinet.handshakes().at(-1)).toMatchObject({ result: "accepted", protocol, suite: "LEGACY-GOST2012-GOST8912-GOST8912" });
  });

  it.skipIf(nonLoopbackAddress() === undefined)("listens on loopback only", async () => {
    const address = nonLoopbackAddress()!;
    const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      const socket = connect(cabinet.port, address);
      socket.once("connect", () => {
        socket.destroy();
        resolve(undefined);
      });
      socket.once("error", resolve);
    });
    expect(error?.code).toBe("ECONNREFUSED");
  });
});

function nonLoopbackAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a?.family === "IPv4" && !a.internal)?.address;
}

describe("sign-in by certificate", () => {
  let cookie = "";

  it("answers the wizard, its API and the home page with the sign-in page until the user signs in", async () => {
    for (const path of ["/lk/reissue.html", "/lk/wizard.html?id=1", "/lk/index.html", "/"]) {
      const reply = await exchange({ path }, { client: applicant });
      expect(reply.status, path).toBe(303);
      expect(reply.headers.get("location"), path).toBe("/auth/sign-in");
    }
    const api = await exchange({ path: "/api/applications" }, { client: applicant });
    expect(api.status).toBe(401);
    const page = await exchange({ path: "/auth/sign-in" }, { client: applicant });
    expect(page.status).toBe(200);
    expect(page.body).toContain(TEXTS.signIn.byCertificate);
    expect(page.body).toContain('data-action="sign-in-by-certificate"');
  });

  it("signs the owner of the certificate in: name and INN from its subject, the wizard reachable, the handshake logged", async () => {
    const before = cabinet.handshakes().length;
    const signIn = await exchange({ method: "POST", path: "/auth/certificate" }, { client: applicant, suite: "GOST2012-KUZNYECHIK-KUZNYECHIKOMAC" });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get("location")).toBe("/lk/index.html");
    expect(signIn.headers.get("set-cookie")).toMatch(/; Secure; HttpOnly; SameSite=Lax$/);
    cookie = cookieFrom(signIn);
    const logged = await lastHandshake(before);
    expect(logged).toMatchObject({ result: "accepted", protocol: "TLSv1.2", suite: "GOST2012-KUZNYECHIK-KUZNYECHIKOMAC" });
    expect(logged.subject).toContain(`CN=${fullName(APPLICANT)}`);
    expect(logged.subject).toContain(`INN=${APPLICANT.inn}`);

    const session = await exchange({ path: "/api/session", cookie }, { client: applicant });
    expect(JSON.parse(session.body)).toEqual({ owner: fullName(APPLICANT), inn: APPLICANT.inn, signOut: "/auth/sign-out" });
    const home = await exchange({ path: "/lk/index.html", cookie }, { client: applicant });
    expect(home.status).toBe(200);
    expect(home.body).toContain("js/index.js");
    for (const path of ["/lk/reissue.html", "/lk/wizard.html", "/lk/js/wizard.js"]) {
      expect((await exchange({ path, cookie }, { client: applicant })).status, path).toBe(200);
    }
    const profile = await exchange({ path: "/api/profile", cookie }, { client: applicant });
    expect(JSON.parse(profile.body)).toMatchObject({ inn: APPLICANT.inn, fullName: fullName(APPLICANT) });
  });

  it("takes the signed application of the wizard's first step; a 200 KB body crosses the terminator whole", async () => {
    const text = fill(TEXTS.templates.application, {
      title: TEXTS.documents.application,
      fio: fullName(APPLICANT),
      inn: APPLICANT.inn,
      snils: APPLICANT.snils,
      ogrnip: APPLICANT.ogrnip,
      email: APPLICANT.email,
      serial: "",
      date: "02.12.2026",
    });
    writeFileSync(join(work, "application.txt"), text);
    const cms = ssl.run([
      "cms",
      "-sign",
      "-cades",
      "-binary",
      "-nodetach",
      "-nosmimecap",
      "-in",
      "application.txt",
      "-signer",
      applicant.cert,
      "-inkey",
      applicant.key,
      "-outform",
      "DER",
    ]);
    // JSON allows the trailing blanks; they make the body span many of the terminator's 16 KiB reads.
    const json = JSON.stringify({ signature: cms.toString("base64") }) + " ".repeat(200_000);
    expect((await exchange({ method: "POST", path: "/api/applications", json }, { client: applicant })).status).toBe(401);
    const reply = await exchange({ method: "POST", path: "/api/applications", cookie, json }, { client: applicant });
    expect(reply.status, reply.body).toBe(201);
    expect(JSON.parse(reply.body)).toMatchObject({ stage: "application-sent" });
    expect(cabinet.site.state.applications).toHaveLength(1);
  });

  it("does not honour the session on a connection made with another certificate", async () => {
    const reply = await exchange({ path: "/lk/wizard.html", cookie }, { client: otherTaxpayer });
    expect(reply.status).toBe(303);
    expect(reply.headers.get("location")).toBe("/auth/sign-in");
  });

  it("refuses to sign in a certificate whose INN is no entrepreneur of the cabinet", async () => {
    const reply = await exchange({ method: "POST", path: "/auth/certificate" }, { client: otherTaxpayer });
    expect(reply.status).toBe(403);
    expect(reply.headers.get("set-cookie")).toBeUndefined();
    expect(reply.body).toContain(fill(TEXTS.signIn.unknownTaxpayer, { inn: OTHER_INN }));
  });

  it("signs out: the session ends and the wizard is the sign-in page again", async () => {
    const out = await exchange({ path: "/auth/sign-out", cookie }, { client: applicant });
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/auth/sign-in");
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    const after = await exchange({ path: "/lk/wizard.html", cookie }, { client: applicant });
    expect(after.status).toBe(303);
    expect(after.headers.get("location")).toBe("/auth/sign-in");
  });
});

/**
 * Chromium cannot speak GOST TLS, so for the pages alone each browser connection is carried by
 * an `openssl s_client` with the applicant's certificate (plain TLS on the browser's side).
 */
describe("the pages of the GOST cabinet in Chromium", () => {
  it("show the sign-in page for the wizard, the signed-in owner and INN after «Войти по сертификату», and sign out", async () => {
    const relayDir = mkdtempSync(join(tmpdir(), "kep-lk-gost-relay-"));
    // What went wrong on the way, so that a timeout says which connection or request failed.
    const trouble: string[] = [];
    const pageErrors: string[] = [];
    const relay = createTlsServer(tlsCertificate(relayDir), (socket) => {
      const client = spawn(
        "openssl",
        [
          "s_client",
          "-connect",
          `127.0.0.1:${cabinet.port}`,
          "-servername",
          GOST_SITE_HOST,
          "-CAfile",
          serverCaPath,
          "-verify_return_error",
          "-cipher",
          "ALL:@SECLEVEL=0",
          "-cert",
          applicant.cert,
          "-key",
          applicant.key,
          "-quiet",
          "-nocommands",
        ],
        { env: { ...process.env, OPENSSL_CONF: writeGostConf(work) }, stdio: ["pipe", "pipe", "pipe"] },
      );
      let stderr = "";
      client.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      client.on("exit", (code) => {
        if (code) trouble.push(`s_client exited with ${code}: ${stderr.trim().slice(-400)}`);
      });
      socket.pipe(client.stdin);
      client.stdout.pipe(socket);
      client.stdin.on("error", () => socket.destroy());
      socket.on("error", () => client.kill());
      socket.on("close", () => client.kill());
    });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    const relayPort = (relay.address() as AddressInfo).port;
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--headless=new", `--host-resolver-rules=MAP ${GOST_SITE_HOST} 127.0.0.1:${relayPort}`, "--ignore-certificate-errors"],
    });
    try {
      const page = await browser.newPage();
      // Each browser connection starts an s_client with a GOST handshake: slow on a busy machine.
      page.setDefaultTimeout(90_000);
      page.on("pageerror", (e) => pageErrors.push(String(e)));
      page.on("requestfailed", (request) => trouble.push(`${request.url()}: ${request.failure()?.errorText ?? "failed"}`));
      await page.goto(`https://${GOST_SITE_HOST}/lk/wizard.html?id=1`);
      expect(new URL(page.url()).pathname).toBe("/auth/sign-in");
      mkdirSync(join(TEST_OUTPUT, "lk-gost-site"), { recursive: true });
      await page.screenshot({ path: join(TEST_OUTPUT, "lk-gost-site", "sign-in.png") });
      await page.click("[data-action=sign-in-by-certificate]");
      await page.waitForSelector("[data-block=profile]");
      expect(new URL(page.url()).pathname).toBe("/lk/index.html");
      expect(await page.textContent("[data-session=owner]")).toBe(fullName(APPLICANT));
      expect(await page.textContent("[data-session=inn]")).toBe(APPLICANT.inn);
      await page.screenshot({ path: join(TEST_OUTPUT, "lk-gost-site", "signed-in.png"), fullPage: true });
      await page.click("[data-link=reissue]");
      await page.waitForURL(`https://${GOST_SITE_HOST}/lk/reissue.html`);
      await page.waitForSelector("[data-block=session]");
      await page.click("[data-action=sign-out]");
      await page.waitForSelector("[data-page=sign-in]");
      await page.goto(`https://${GOST_SITE_HOST}/lk/reissue.html`);
      expect(new URL(page.url()).pathname).toBe("/auth/sign-in");
      expect(pageErrors).toEqual([]);
    } catch (e) {
      throw new Error(`${String(e)}\npage errors: ${JSON.stringify(pageErrors)}\nfailed on the way: ${JSON.stringify(trouble)}`);
    } finally {
      await browser.close();
      relay.close();
      rmSync(relayDir, { recursive: true, force: true });
    }
  }, 240_000);
});

describe("stopping", () => {
  it("ends open connections and closes the port", async () => {
    const port = cabinet.port;
    const before = cabinet.handshakes().length;
    // An idle connection after a complete handshake: s_client waits on its open stdin.
    const idle = spawn(
      "openssl",
      [
        "s_client",
        "-connect",
        `127.0.0.1:${port}`,
        "-CAfile",
        serverCaPath,
        "-cipher",
        "ALL:@SECLEVEL=0",
        "-cert",
        applicant.cert,
        "-key",
        applicant.key,
        "-quiet",
      ],
      { env: { ...process.env, OPENSSL_CONF: writeGostConf(work) }, stdio: ["pipe", "ignore", "ignore"] },
    );
    const ended = new Promise<void>((resolve) => idle.once("exit", () => resolve()));
    expect((await lastHandshake(before)).result).toBe("accepted");
    await cabinet.stop();
    await ended;
    const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(undefined);
      });
      socket.once("error", resolve);
    });
    expect(error?.code).toBe("ECONNREFUSED");
  });
});
