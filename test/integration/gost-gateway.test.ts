/**
 * The local GOST gateway against the GOST cabinet fixture (OpenSSL + gost-engine terminator with
 * client certificates required): the browser's side spoken by node:http with the Host a browser
 * sends for http://lkipgost2.nalog.ru.localhost:PORT, the upstream by the host's own GOST TLS
 * client with the key on the GOST soft token.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { createServer, connect, type Server } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as v from "valibot";
import { dispatch } from "../../native-host/src/commands/handlers.ts";
import type { HostContext } from "../../native-host/src/commands/context.ts";
import { parseFrame } from "../../native-host/src/host.ts";
import { DEFAULT_IDLE_MS, type Gateway } from "../../native-host/src/gateway/gateway.ts";
import { startTokenGateway, type TokenGatewayOptions } from "../../native-host/src/gateway/token-gateway.ts";
import { Logger } from "../../native-host/src/log.ts";
import { ModuleRegistry } from "../../native-host/src/pkcs11/registry.ts";
import { type Command, KepError, type ResultOf, ResultSchemas, type TokenRef } from "../../shared/protocol/index.ts";
import { findCertificateToken } from "../../native-host/src/tokens/find-certificate.ts";
import { TokenSessions } from "../../native-host/src/tokens/sessions.ts";
import { fullName } from "../fixtures/lk-site/applicant.ts";
import { GOST_SITE_HOST, startGostCabinet, type GostCabinet } from "../fixtures/lk-site/gost-cabinet.ts";
import { prepareTokenWithOldCertificate } from "../fixtures/lk-site/prepare-token.ts";
import { DEFAULT_PINS } from "../softtoken/provision/token.ts";
import { insertToken, removeToken, SOFTTOKEN_LIB } from "../softtoken/harness.ts";

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request to the gateway as a browser on its origin sends it; `host` overrides the Host header. */
function browse(
  port: number,
  path: string,
  options: { method?: string; cookie?: string; host?: string; headers?: Record<string, string>; address?: string; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: options.address ?? "127.0.0.1",
        port,
        path,
        method: options.method ?? "GET",
        agent: false,
        headers: { Host: options.host ?? `${GOST_SITE_HOST}.localhost:${port}`, ...(options.cookie ? { Cookie: options.cookie } : {}), ...options.headers },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (c: Buffer) => parts.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** The name=value pairs of Set-Cookie headers, as a Cookie header carries them. */
const cookiesOf = (reply: Reply) => ((reply.headers["set-cookie"] as string[] | undefined) ?? []).map((c) => c.split(";")[0]!);

let cabinet: GostCabinet;
let otherCabinet: GostCabinet;
let work: string;
let tokenDir: string;
let thumbprint: string;
let foreignThumbprint: string;
let registry: ModuleRegistry;
let sessions: TokenSessions;
let gateway: Gateway | null = null;
let tokenRef: TokenRef;

const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64");
const sha1 = (pem: string) => createHash("sha1").update(der(pem)).digest("hex").toUpperCase();

function open(overrides: Partial<TokenGatewayOptions> = {}): Promise<Gateway> {
  return startTokenGateway({
    registry,
    sessions,
    thumbprint,
    pin: DEFAULT_PINS.pin,
    host: GOST_SITE_HOST,
    trustAnchors: [der(cabinet.caCertificatePem)],
    connectTo: () => ({ host: "127.0.0.1", port: cabinet.port }),
    ...overrides,
  });
}

/** Opens the start URL as the extension's tab would, then signs in with the cabinet's button. */
async function signIn(g: Gateway): Promise<string> {
  const start = new URL(g.startUrl(GOST_SITE_HOST));
  const started = await browse(g.port, `${start.pathname}${start.search}`, { headers: { "Sec-Fetch-Site": "none" } });
  expect(started.status).toBe(200);
  const session = cookiesOf(started)[0]!;
  const signedIn = await browse(g.port, "/auth/certificate", {
    method: "POST",
    cookie: session,
    headers: { "Sec-Fetch-Site": "same-origin", Origin: `http://${GOST_SITE_HOST}.localhost:${g.port}` },
  });
  expect(signedIn.status).toBe(303);
  return [session, ...cookiesOf(signedIn)].join("; ");
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "kep-gateway-"));
  tokenDir = join(work, "token");
  cabinet = await startGostCabinet();
  otherCabinet = await startGostCabinet();
  // The applicant's certificate from the cabinet's FNS CA, and beside it one from a CA the cabinet does not know.
  thumbprint = sha1(prepareTokenWithOldCertificate(tokenDir, cabinet.site, { daysLeft: 20 }).certificate.pem);
  foreignThumbprint = sha1(prepareTokenWithOldCertificate(tokenDir, otherCabinet.site, { daysLeft: 20, initialise: false, label: "foreign" }).certificate.pem);
  process.env["KEP_SOFTTOKEN_DIR"] = tokenDir;
  process.env["KEP_PKCS11_MODULES"] = SOFTTOKEN_LIB;
  const log = new Logger(join(work, "host.log"));
  registry = new ModuleRegistry(log);
  sessions = new TokenSessions(log);
  tokenRef = (await findCertificateToken(registry, thumbprint)).ref;
}, 120_000);

afterEach(async () => {
  await gateway?.close();
  gateway = null;
  insertToken(tokenDir);
});

afterAll(async () => {
  await sessions?.closeAll();
  await registry?.finalizeAll();
  await cabinet?.stop();
  await otherCabinet?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("GOST gateway", () => {
  it("signs in by the token's certificate over GOST TLS and serves the signed-in cabinet until sign-out", async () => {
    gateway = await open();
    const cookie = await signIn(gateway);
    expect(cookie).not.toMatch(/Secure|Domain/i);
    const home = await browse(gateway.port, "/lk/index.html", { cookie, headers: { "Sec-Fetch-Site": "same-origin" } });
    expect(home.status).toBe(200);
    const session = await browse(gateway.port, "/api/session", { cookie, headers: { "Sec-Fetch-Site": "same-origin" } });
    expect(JSON.parse(session.body)).toMatchObject({ owner: fullName(cabinet.site.state.applicant), inn: cabinet.site.state.applicant.inn });
    const accepted = cabinet.handshakes().filter((h) => h.result === "accepted");
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted[0]!.suite).toMatch(/GOST/);
    expect(accepted[0]!.subject).toContain(cabinet.site.state.applicant.inn);
    // Keep-alive: the whole sign-in took one handshake, one token operation.
    expect(accepted.length).toBe(1);

    const out = await browse(gateway.port, "/auth/sign-out", { cookie, headers: { "Sec-Fetch-Site": "same-origin" } });
    expect(out.status).toBe(303);
    expect(gateway.stopReason).toBe("signed-out");
    expect(sessions.isLoggedIn(tokenRef)).toBe(false);
    const after = await browse(gateway.port, "/lk/index.html", { cookie });
    expect(after.status).toBe(403);
    expect(after.body).toContain('data-error-code="GATEWAY_CLOSED"');
    expect(after.body).toContain("вы вышли из личного кабинета");
  });

  it("refuses requests without the session cookie, from another site, to another host, and a used ticket", async () => {
    const earlier = cabinet.handshakes().length;
    gateway = await open();
    // The terminator logs a handshake after its last flight, so the line may land a moment after the gateway is up.
    await expect.poll(() => cabinet.handshakes().length).toBe(earlier + 1);
    const start = new URL(gateway.startUrl(GOST_SITE_HOST));
    const ticketPath = `${start.pathname}${start.search}`;
    const cookie = cookiesOf(await browse(gateway.port, ticketPath))[0]!;
    const before = cabinet.handshakes().length;

    const noCookie = await browse(gateway.port, "/lk/index.html");
    expect(noCookie.status).toBe(403);
    expect(noCookie.body).toContain('data-error-code="GATEWAY_REFUSED"');
    const wrongCookie = await browse(gateway.port, "/lk/index.html", { cookie: "kep_gateway=guessed" });
    expect(wrongCookie.status).toBe(403);
    const crossSite = await browse(gateway.port, "/api/state", { cookie, headers: { "Sec-Fetch-Site": "cross-site" } });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body).toContain("запрос пришёл со страницы другого сайта");
    // A sibling .localhost name is same-site for the browser, and still not this cabinet's pages.
    expect((await browse(gateway.port, "/", { cookie, headers: { "Sec-Fetch-Site": "same-site" } })).status).toBe(403);
    expect((await browse(gateway.port, ticketPath)).status).toBe(403);
    for (const host of [
      "www.example.com.localhost",
      `127.0.0.1:${gateway.port}`,
      `localhost:${gateway.port}`,
      `evil.localhost:${gateway.port}`,
      `${GOST_SITE_HOST}.localhost:1`,
    ]) {
      expect((await browse(gateway.port, "/", { cookie, host })).status, host).toBe(421);
    }
    // None of them reached the cabinet.
    expect(cabinet.handshakes().length).toBe(before);
  });

  it("admits the cabinet's own redirected requests by the redirect key and its Referer, and nothing else cross-site", async () => {
    gateway = await open();
    const own = `http://${GOST_SITE_HOST}.localhost:${gateway.port}`;
    // The cabinet's session cookie, set at sign-in, is in the gateway's jar from then on.
    await signIn(gateway);
    // What Chromium sends for a fetch of the cabinet's page to its absolute https://<cabinet> address after the
    // extension's redirect: cross-site, no cookie at all, Origin null, the origin-trimmed Referer, and the key.
    const redirected = (key: string | undefined, referer = `${own}/`) => ({
      headers: { "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "cors", Referer: referer, Origin: "null", ...(key ? { "X-Kep-Gateway-Key": key } : {}) },
    });
    const key = gateway.redirectKey;
    const session = await browse(gateway.port, "/api/session", redirected(key));
    expect(session.status).toBe(200);
    expect(JSON.parse(session.body)).toMatchObject({ inn: cabinet.site.state.applicant.inn });
    expect(session.headers["access-control-allow-origin"]).toBe("null");
    expect(session.headers["access-control-allow-credentials"]).toBe("true");

    const messages = () => cabinet.site.state.messages.length;
    const before = messages();
    const post = (options: { headers: Record<string, string> }) =>
      browse(gateway!.port, "/api/messages", {
        ...options,
        method: "POST",
        headers: { ...options.headers, "Content-Type": "application/json" },
        body: JSON.stringify({ text: "integration" }),
      });
    const sent = await post(redirected(key));
    expect(sent.status).toBe(201);
    expect(messages()).toBe(before + 1);

    for (const [why, options] of [
      ["no key", redirected(undefined)],
      ["a wrong key", redirected(`${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`)],
      ["another gateway's key", redirected("x".repeat(43))],
      ["another port's page", redirected(key, `http://${GOST_SITE_HOST}.localhost:${gateway.port + 1}/`)],
      ["another site's page", redirected(key, "http://127.0.0.1:8080/")],
      ["no Referer", { headers: { "Sec-Fetch-Site": "cross-site", "X-Kep-Gateway-Key": key } }],
    ] as const) {
      const refused = await post(options);
      expect(refused.status, why).toBe(403);
      expect(refused.body, why).toContain('data-error-code="GATEWAY_REFUSED"');
      expect(refused.headers["access-control-allow-origin"], why).toBeUndefined();
    }
    expect(messages()).toBe(before + 1);

    // The preflight carries no extension header: the gateway answers it for its own pages and forwards nothing.
    const preflight = (referer: string) =>
      browse(gateway!.port, "/api/messages", {
        method: "OPTIONS",
        headers: {
          "Sec-Fetch-Site": "cross-site",
          "Sec-Fetch-Mode": "cors",
          Origin: "null",
          Referer: referer,
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": "content-type",
        },
      });
    const answered = await preflight(`${own}/`);
    expect(answered.status).toBe(204);
    expect(answered.headers).toMatchObject({
      "access-control-allow-origin": "null",
      "access-control-allow-credentials": "true",
      "access-control-allow-methods": "POST",
      "access-control-allow-headers": "content-type",
    });
    expect((await preflight("http://127.0.0.1:8080/")).status).toBe(403);
    expect(messages()).toBe(before + 1);
  });

  it("offers another site's link to a cabinet page as a page to continue from, and never forwards another site's form", async () => {
    gateway = await open();
    const cookie = await signIn(gateway);
    const navigation = { "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document", Referer: "http://127.0.0.1:8080/" };
    // The browser sends the SameSite=None cookies on a top-level navigation; the gateway still forwards nothing.
    const link = await browse(gateway.port, "/lk/index.html?from=mail&x=%3Cb%3E", { cookie, headers: navigation });
    expect(link.status).toBe(403);
    expect(link.body).toContain('data-page="continue"');
    expect(link.body).toContain('<a data-action="continue" href="/lk/index.html?from=mail&#38;x=%3Cb%3E">');
    expect(link.body).toContain("lkipgost2.nalog.ru · ГОСТ TLS через kep-bridge");
    expect(link.headers["x-frame-options"]).toBe("DENY");
    expect(link.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    // Continuing is a same-origin navigation with the session cookie.
    expect((await browse(gateway.port, "/lk/index.html?from=mail", { cookie, headers: { ...navigation, "Sec-Fetch-Site": "same-origin" } })).status).toBe(200);

    const before = cabinet.site.state.messages.length;
    const form = await browse(gateway.port, "/api/messages", {
      method: "POST",
      cookie,
      headers: { ...navigation, Origin: "http://127.0.0.1:8080", "Content-Type": "application/x-www-form-urlencoded" },
      body: "text=csrf",
    });
    expect(form.status).toBe(403);
    expect(form.body).toContain('data-error-code="GATEWAY_REFUSED"');
    // A frame or a subresource of another site gets the refusal, not a page to click through.
    const framed = await browse(gateway.port, "/lk/index.html", { cookie, headers: { ...navigation, "Sec-Fetch-Dest": "iframe" } });
    expect(framed.body).toContain('data-error-code="GATEWAY_REFUSED"');
    expect(cabinet.site.state.messages.length).toBe(before);
  });

  it("serves a second tab in the same session, and a second start", async () => {
    gateway = await open();
    const cookie = await signIn(gateway);
    const pages = await Promise.all(["/lk/index.html", "/lk/index.html", "/lk/style.css"].map((p) => browse(gateway!.port, p, { cookie })));
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200]);
    const second = new URL(gateway.startUrl(GOST_SITE_HOST, "/lk/index.html"));
    const started = await browse(gateway.port, `${second.pathname}${second.search}`);
    expect(started.body).toContain('url=/lk/index.html"');
    expect((await browse(gateway.port, "/lk/index.html", { cookie: `${cookiesOf(started)[0]!}; ${cookie.split("; ").slice(1).join("; ")}` })).status).toBe(200);
  });

  it("holds no login after the sign-in, so a site's signature logging the token in and out changes nothing", async () => {
    gateway = await open();
    const cookie = await signIn(gateway);
    expect(sessions.isLoggedIn(tokenRef)).toBe(false);
    const module = registry.get(tokenRef.module);
    await sessions.login(module, tokenRef, DEFAULT_PINS.pin);
    await sessions.logout(module, tokenRef);
    expect((await browse(gateway.port, "/lk/index.html", { cookie })).status).toBe(200);
    expect(sessions.isLoggedIn(tokenRef)).toBe(false);
  });

  it("shows the token-removed page on the next request once the token is pulled out, then ends the session", async () => {
    gateway = await open();
    const cookie = await signIn(gateway);
    removeToken(tokenDir);
    const next = await browse(gateway.port, "/lk/index.html", { cookie });
    expect(next.status).toBe(502);
    expect(next.body).toContain('data-error-code="TOKEN_REMOVED"');
    expect(next.body).toContain("lkipgost2.nalog.ru · ГОСТ TLS через kep-bridge");
    expect(gateway.stopReason).toBe("credential-lost");
    insertToken(tokenDir);
    expect((await browse(gateway.port, "/lk/index.html", { cookie })).body).toContain('data-error-code="GATEWAY_CLOSED"');
  });

  it("does not start with a wrong PIN, an unknown server CA, or a certificate the server refuses", async () => {
    const failures = await Promise.all([
      open({ pin: "00000000" }).then(
        () => null,
        (e: unknown) => e,
      ),
      open({ trustAnchors: [der(otherCabinet.caCertificatePem)] }).then(
        () => null,
        (e: unknown) => e,
      ),
    ]);
    expect((failures[0] as KepError).code).toBe("PIN_INCORRECT");
    expect((failures[1] as KepError).code).toBe("TLS_SERVER_UNTRUSTED");
    const before = cabinet.handshakes().length;
    const refused = await open({ thumbprint: foreignThumbprint }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(KepError);
    // The terminator's alert, even when it has closed before the client's flight was written.
    expect(refused).toMatchObject({ code: "TLS_CLIENT_CERT_REJECTED", details: { alert: "unknown_ca" } });
    // The terminator logs a handshake when it is over, so the line may come a moment later.
    await expect
      .poll(() => cabinet.handshakes().slice(before))
      .toContainEqual(expect.objectContaining({ result: "refused", error: expect.stringContaining("certificate verify failed") }));
    // A failed start leaves the token logged out.
    expect(sessions.isLoggedIn(tokenRef)).toBe(false);
  });

  it("takes another port when another program holds the preferred one on either loopback address", async () => {
    for (const address of ["127.0.0.1", "::1"]) {
      const squatter: Server = createServer();
      await new Promise<void>((resolve) => squatter.listen(0, address, resolve));
      const taken = (squatter.address() as { port: number }).port;
      try {
        gateway = await open({ preferredPort: taken });
        expect(gateway.port).not.toBe(taken);
        const cookie = await signIn(gateway);
        expect((await browse(gateway.port, "/lk/index.html", { cookie })).status).toBe(200);
      } finally {
        await gateway?.close();
        gateway = null;
        await new Promise((resolve) => squatter.close(resolve));
      }
    }
  });

  it("listens on loopback only", async () => {
    gateway = await open();
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a!.address);
    for (const address of external) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: address, port: gateway!.port });
        socket.once("connect", () => (socket.destroy(), resolve(false)));
        socket.once("error", () => resolve(true));
      });
      expect(refused, address).toBe(true);
    }
    expect((await browse(gateway.port, "/auth/sign-in", { address: "::1" })).status).toBe(403);
  });

  describe("host commands", () => {
    /** A request as the extension frames it, validated by the host's parser, its result by the shared schema. */
    const call = async <C extends Command>(ctx: HostContext, cmd: C, fields: Record<string, unknown> = {}): Promise<ResultOf<C>> => {
      const parsed = parseFrame(Buffer.from(JSON.stringify({ id: 1, cmd, ...fields })));
      if (!parsed.ok) throw new Error(parsed.error.message);
      return v.parse(ResultSchemas[cmd], await dispatch(parsed.request as never, ctx)) as ResultOf<C>;
    };

    it("start, status and stop over the protocol; a page of the started session ends with the stop", async () => {
      const ctx: HostContext = { registry, sessions, log: new Logger(join(work, "commands.log")) };
      process.env["KEP_GATEWAY_CONNECT"] = `${GOST_SITE_HOST}=127.0.0.1:${cabinet.port}`;
      expect(await call(ctx, "gatewayStatus")).toEqual({ running: false });
      const start = {
        host: GOST_SITE_HOST,
        token: tokenRef,
        certificate: thumbprint,
        pin: DEFAULT_PINS.pin,
        trustAnchors: [der(cabinet.caCertificatePem).toString("base64")],
      };
      const { startUrl, origin } = await call(ctx, "gatewayStart", start);
      const url = new URL(startUrl);
      expect(url.origin).toBe(origin);
      expect(origin).toMatch(new RegExp(`^http://${GOST_SITE_HOST.replace(/\./g, "\\.")}\\.localhost:\\d+$`));
      const port = Number(url.port);
      const session = cookiesOf(await browse(port, `${url.pathname}${url.search}`))[0]!;
      expect((await browse(port, "/auth/sign-in", { cookie: session })).status).toBe(200);
      const status = await call(ctx, "gatewayStatus");
      expect(status).toEqual({
        running: true,
        host: GOST_SITE_HOST,
        certificate: thumbprint,
        origin,
        startedAt: expect.any(Number),
        idleEndsAt: expect.any(Number),
      });
      // The idle clock starts with the gateway and restarts with each request.
      expect(status.idleEndsAt!).toBeGreaterThanOrEqual(status.startedAt! + DEFAULT_IDLE_MS);
      expect(status.idleEndsAt!).toBeLessThanOrEqual(Date.now() + DEFAULT_IDLE_MS);
      expect(await call(ctx, "gatewayStop")).toEqual({ stopped: true });
      expect(await call(ctx, "gatewayStatus")).toEqual({ running: false, host: GOST_SITE_HOST, certificate: thumbprint, ended: "stopped" });
      expect((await browse(port, "/auth/sign-in", { cookie: session })).body).toContain("сеанс завершён в окне kep-bridge");
      expect(sessions.isLoggedIn(tokenRef)).toBe(false);
      // A new start replaces the ended gateway; an unknown host or no trust anchor never reaches the token.
      const again = await call(ctx, "gatewayStart", start);
      expect(again.startUrl).not.toBe(startUrl);
      await expect(call(ctx, "gatewayStart", { ...start, host: "www.nalog.ru" })).rejects.toThrow(/host/);
      await expect(call(ctx, "gatewayStart", { ...start, trustAnchors: [] })).rejects.toThrow(/trustAnchors/);
      expect(await call(ctx, "gatewayStop")).toEqual({ stopped: true });
      expect(await call(ctx, "gatewayStop")).toEqual({ stopped: false });
    });
  });
});
