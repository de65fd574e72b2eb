/**
 * The gateway keeps no PIN: the token's key makes the sign-in's one full GOST TLS handshake,
 * then the host holds neither a login nor the PIN, and every new upstream connection resumes
 * that TLS session. Against the GOST cabinet fixture in its three resumption modes: by ticket,
 * refused (session IDs that no later connection finds, as when the server's sessions expired),
 * and none at all.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeHeapSnapshot } from "node:v8";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Gateway } from "../../native-host/src/gateway/gateway.ts";
import { startTokenGateway } from "../../native-host/src/gateway/token-gateway.ts";
import { Logger } from "../../native-host/src/log.ts";
import { ModuleRegistry } from "../../native-host/src/pkcs11/registry.ts";
import { findCertificateToken } from "../../native-host/src/tokens/find-certificate.ts";
import { TokenSessions } from "../../native-host/src/tokens/sessions.ts";
import type { TokenRef } from "../../shared/protocol/index.ts";
import { GOST_SITE_HOST, startGostCabinet, type GostCabinet } from "../fixtures/lk-site/gost-cabinet.ts";
import type { Resumption } from "../fixtures/lk-site/gost-terminator.ts";
import { prepareTokenWithOldCertificate } from "../fixtures/lk-site/prepare-token.ts";
import { SOFTTOKEN_LIB } from "../softtoken/harness.ts";

interface Reply {
  status: number;
  body: string;
  cookies: string[];
}

/** One request to the gateway as the browser on its origin sends it. */
function browse(port: number, path: string, options: { method?: string; cookie?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: options.method ?? "GET",
        agent: false,
        headers: {
          Host: `${GOST_SITE_HOST}.localhost:${port}`,
          "Sec-Fetch-Site": "same-origin",
          Origin: `http://${GOST_SITE_HOST}.localhost:${port}`,
          ...(options.cookie ? { Cookie: options.cookie } : {}),
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (c: Buffer) => parts.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(parts).toString("utf8"),
            cookies: (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]!),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/**
 * The token's PIN, made afresh from its character codes at each use, so that no string of it
 * stays in this process on the test's side: the memory test looks for one.
 */
const PIN_CODES = [80, 122, 55, 113, 75, 50, 109, 87, 57, 120, 76, 99];
const pin = () => String.fromCharCode(...PIN_CODES);

const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64");
const sha1 = (pem: string) => createHash("sha1").update(der(pem)).digest("hex").toUpperCase();

const cabinets = {} as Record<Resumption, { cabinet: GostCabinet; thumbprint: string }>;
let work: string;
let registry: ModuleRegistry;
let sessions: TokenSessions;
let tokenRef: TokenRef;
let gateway: Gateway | null = null;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "kep-gateway-resumption-"));
  const tokenDir = join(work, "token");
  // One token with the applicant's certificate from each cabinet's FNS test CA.
  for (const resumption of ["on", "refuse", "none"] as const) {
    const cabinet = await startGostCabinet({ resumption });
    const prepared = prepareTokenWithOldCertificate(tokenDir, cabinet.site, {
      daysLeft: 20,
      initialise: resumption === "on",
      label: resumption,
      pins: { label: "KEP TEST TOKEN", soPin: "87654321", pin: pin() },
    });
    cabinets[resumption] = { cabinet, thumbprint: sha1(prepared.certificate.pem) };
  }
  process.env["KEP_SOFTTOKEN_DIR"] = tokenDir;
  process.env["KEP_PKCS11_MODULES"] = SOFTTOKEN_LIB;
  const log = new Logger(join(work, "host.log"));
  registry = new ModuleRegistry(log);
  sessions = new TokenSessions(log);
  tokenRef = (await findCertificateToken(registry, cabinets.on.thumbprint)).ref;
}, 180_000);

afterEach(async () => {
  await gateway?.close();
  gateway = null;
  // The spies' call records hold the arguments of sessions.login, the PIN among them.
  vi.clearAllMocks();
  vi.restoreAllMocks();
});

afterAll(async () => {
  await sessions?.closeAll();
  await registry?.finalizeAll();
  await Promise.all(Object.values(cabinets).map(({ cabinet }) => cabinet.stop()));
  rmSync(work, { recursive: true, force: true });
});

/** Starts the gateway with the PIN, as gatewayStart does, then signs in with the cabinet's button. */
async function signIn(resumption: Resumption): Promise<{ g: Gateway; cookie: string; cabinet: GostCabinet }> {
  const { cabinet, thumbprint } = cabinets[resumption];
  const g = (gateway = await startTokenGateway({
    registry,
    sessions,
    thumbprint,
    pin: pin(),
    host: GOST_SITE_HOST,
    trustAnchors: [der(cabinet.caCertificatePem)],
    connectTo: () => ({ host: "127.0.0.1", port: cabinet.port }),
  }));
  const start = new URL(g.startUrl(GOST_SITE_HOST));
  const started = await browse(g.port, `${start.pathname}${start.search}`);
  const signedIn = await browse(g.port, "/auth/certificate", { method: "POST", cookie: started.cookies[0]! });
  expect(signedIn.status).toBe(303);
  return { g, cookie: [started.cookies[0]!, ...signedIn.cookies].join("; "), cabinet };
}

/** Every call that needs the token's login (finding the key, VKO, a signature) goes through one of these. */
function watchTokenUse() {
  const login = vi.spyOn(sessions, "login");
  const onToken = vi.spyOn(sessions, "withSession");
  return () => login.mock.calls.length + onToken.mock.calls.length;
}

describe("GOST gateway without a kept PIN", () => {
  it("signs in with one full handshake, logs the token out, and resumes that session on every new connection", async () => {
    const tokenUse = watchTokenUse();
    const { g, cookie, cabinet } = await signIn("on");
    const atSignIn = tokenUse();
    expect(atSignIn).toBeGreaterThan(0);
    expect(sessions.isLoggedIn(tokenRef)).toBe(false);
    const inn = cabinet.site.state.applicant.inn;
    // A page's requests at once: the kept connection and, while it is busy, new ones.
    const replies = await Promise.all(Array.from({ length: 6 }, () => browse(g.port, "/api/session", { cookie })));
    for (const reply of replies) {
      expect(reply.status, reply.body).toBe(200);
      expect(JSON.parse(reply.body)).toMatchObject({ inn });
    }
    // Once the server has closed them all, the next request can only go over a new connection.
    await cabinet.closeConnections();
    const next = await browse(g.port, "/api/session", { cookie });
    expect(next.status, next.body).toBe(200);
    // The site signs the user in by the certificate the terminator verified; a resumed session still carries it.
    expect(JSON.parse(next.body)).toMatchObject({ inn });
    await expect.poll(() => cabinet.handshakes().filter((h) => h.resumed).length).toBeGreaterThan(0);
    const accepted = cabinet.handshakes().filter((h) => h.result === "accepted");
    expect(accepted.filter((h) => !h.resumed)).toHaveLength(1);
    for (const handshake of accepted) expect(handshake.subject).toContain(inn);
    expect(cabinet.handshakes().filter((h) => h.result === "refused")).toEqual([]);
    // No login and no operation on the token since the sign-in.
    expect(tokenUse()).toBe(atSignIn);
    expect(sessions.isLoggedIn(tokenRef)).toBe(false);
  });

  it("holds the PIN nowhere in the process's memory once signed in", async () => {
    const { g, cookie } = await signIn("on");
    expect((await browse(g.port, "/api/session", { cookie })).status).toBe(200);
    // A string built the same way and still referenced shows that the search finds what is there.
    const control = String.fromCharCode(...[...PIN_CODES].reverse());
    // V8 collects all garbage before it writes the snapshot, so what is left is what is kept.
    const heap = readFileSync(writeHeapSnapshot(join(work, "signed-in.heapsnapshot")));
    expect(heap.includes(Buffer.from(control))).toBe(true);
    expect(heap.includes(Buffer.from(pin()))).toBe(false);
  });

  it("ends the session with a page asking to sign in again when the server does not resume it, never using the token", async () => {
    const tokenUse = watchTokenUse();
    const { g, cookie, cabinet } = await signIn("refuse");
    const atSignIn = tokenUse();
    await cabinet.closeConnections();
    const page = await browse(g.port, "/lk/index.html", { cookie });
    expect(page.status).toBe(502);
    expect(page.body).toContain('data-error-code="TLS_SESSION_NOT_RESUMED"');
    expect(page.body).toContain("Личный кабинет просит подтвердить вход по сертификату заново.");
    expect(page.body).toContain("«Войти в личный кабинет по сертификату»");
    expect(page.body).toContain("The cabinet asks you to confirm the certificate sign-in again.");
    expect(page.body.indexOf("Личный кабинет просит")).toBeLessThan(page.body.indexOf("The cabinet asks"));
    expect(g.stopReason).toBe("credential-lost");
    const after = await browse(g.port, "/lk/index.html", { cookie });
    expect(after.body).toContain('data-error-code="GATEWAY_CLOSED"');
    expect(after.body).toContain("личный кабинет попросил подтвердить вход заново");
    expect(tokenUse()).toBe(atSignIn);
    // The server saw a handshake that offered the session and was left at its ServerHello: one full handshake accepted in all.
    await expect.poll(() => cabinet.handshakes().filter((h) => h.result === "refused").length).toBe(1);
    expect(cabinet.handshakes().filter((h) => h.result === "accepted")).toHaveLength(1);
  });

  it("serves a server that gives no session over the sign-in's connection alone, then asks to sign in again once it is closed", async () => {
    const tokenUse = watchTokenUse();
    const { g, cookie, cabinet } = await signIn("none");
    const atSignIn = tokenUse();
    // The terminator logs a handshake after its last flight, so the line may land a moment later.
    await expect.poll(() => cabinet.handshakes().length).toBe(1);
    // Requests at once wait their turn on the one connection rather than opening others.
    const replies = await Promise.all(Array.from({ length: 4 }, () => browse(g.port, "/api/session", { cookie })));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(cabinet.handshakes()).toHaveLength(1);
    await cabinet.closeConnections();
    const page = await browse(g.port, "/api/session", { cookie });
    expect(page.body).toContain('data-error-code="TLS_SESSION_NOT_RESUMED"');
    expect(g.stopReason).toBe("credential-lost");
    expect(tokenUse()).toBe(atSignIn);
    expect(cabinet.handshakes()).toHaveLength(1);
  });
});
