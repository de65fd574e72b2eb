import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TlsConnection } from "../../native-host/src/tls/connection.ts";
import { httpGet } from "../../native-host/src/tls/http-get.ts";
import { forgetSession, type TlsSession } from "../../native-host/src/tls/session.ts";
import { suiteByName, TLS1_0, TLS1_2 } from "../../native-host/src/tls/suites.ts";
import { createGostTlsPki, type GostTlsPki } from "../fixtures/tls/gost-tls-pki.ts";
import { startSServer, type SServer, type SServerOptions, type TlsVersionFlag } from "../fixtures/tls/s-server.ts";
import { placeTokenClientKeys, type TokenClientKeys } from "../fixtures/tls/token-client-keys.ts";

// Session resumption against OpenSSL's gost-engine server, which judges it: its status page
// (-www) says "Reused" only for an abbreviated handshake it completed, Finished checked both
// ways, and names the client certificate the resumed session carries. A resumed connection
// must not touch the token.
const SUITES: [string, TlsVersionFlag][] = [
  ["GOST2012-KUZNYECHIK-KUZNYECHIKOMAC", "tls1_2"],
  ["GOST2012-MAGMA-MAGMAOMAC", "tls1_2"],
  ["IANA-GOST2012-GOST8912-GOST8912", "tls1_2"],
  ["LEGACY-GOST2012-GOST8912-GOST8912", "tls1"],
];

describe("GOST TLS session resumption against openssl s_server", () => {
  let pki: GostTlsPki;
  let tokenKeys: TokenClientKeys;
  let servers: SServer[] = [];

  beforeAll(async () => {
    pki = createGostTlsPki();
    tokenKeys = await placeTokenClientKeys(pki, ["256-A", "512-A"]);
  });
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    servers = [];
  });
  afterAll(() => tokenKeys?.close());

  const serve = async (suite: string, version: TlsVersionFlag, sessions: SServerOptions["sessions"] = "ids-and-tickets") => {
    const server = await startSServer({ certificate: pki.server, caPath: pki.caPath, suite, version, files: {}, statusPage: true, sessions });
    servers.push(server);
    return server.port;
  };

  /** One connection and s_server's status page over it; the key counts the token operations it took. */
  const visit = async (port: number, options: { resume?: TlsSession; resumeOnly?: boolean; key?: "256-A" | "512-A" } = {}) => {
    const key = tokenKeys.keys[options.key ?? "512-A"];
    const before = key.calls.deriveVko + key.calls.signDigest;
    const connection = await TlsConnection.connect({
      host: "127.0.0.1",
      port,
      hostName: "localhost",
      trustAnchors: [pki.caDer],
      clientKey: key,
      ...(options.resume ? { resume: options.resume } : {}),
      ...(options.resumeOnly ? { resumeOnly: true } : {}),
    });
    try {
      const response = await httpGet(connection, new URL(`https://localhost:${port}/`));
      return {
        handshake: connection.handshake,
        page: Buffer.from(response.body).toString("latin1"),
        tokenOperations: key.calls.deriveVko + key.calls.signDigest - before,
      };
    } finally {
      await connection.close();
    }
  };

  for (const [suite, version] of SUITES) {
    for (const sessions of ["ids-and-tickets", "ids"] as const) {
      it(`${suite} ${version}: resumes by ${sessions === "ids" ? "session ID" : "ticket"} without the token`, async () => {
        const port = await serve(suite, version, sessions);
        const first = await visit(port, { key: "256-A" });
        expect(first.page).toContain("New, ");
        expect(first.handshake.resumed).toBe(false);
        expect(first.tokenOperations).toBe(1);
        const session = first.handshake.session!;
        expect(session.suite).toBe(suiteByName(suite));
        expect(session.version).toBe(version === "tls1" ? TLS1_0 : TLS1_2);
        if (sessions === "ids") {
          expect(session.ticket).toBeNull();
          expect(session.sessionId.length).toBe(32);
        } else expect(session.ticket?.length).toBeGreaterThan(0);

        // Twice: the second resumption starts from what the first returned (a renewed ticket, if any).
        let current = session;
        for (let round = 0; round < 2; round++) {
          const again = await visit(port, { resume: current, resumeOnly: true, key: "256-A" });
          // "TLSv1" after "Reused" is the suite's lowest version; the session's own comes under Protocol.
          expect(again.page).toMatch(new RegExp(`Reused, TLSv[.\\d]+, Cipher is ${suite}\\n`));
          expect(again.page).toContain(`Protocol  : ${version === "tls1" ? "TLSv1" : "TLSv1.2"}\n`);
          // The server's master secret of the session is the one the client kept, byte for byte.
          expect(again.page).toContain(`Master-Key: ${Buffer.from(current.masterSecret).toString("hex").toUpperCase()}\n`);
          expect(again.page).toMatch(/Client certificate[\s\S]*256-A/);
          expect(again.handshake).toMatchObject({ resumed: true, suite: suiteByName(suite), clientAuthentication: first.handshake.clientAuthentication });
          expect(again.handshake.serverCertificateDer).toEqual(first.handshake.serverCertificateDer);
          expect(again.tokenOperations).toBe(0);
          current = again.handshake.session!;
        }
      });
    }
  }

  it("falls back to a full handshake with the key when the server does not take the session up", async () => {
    const port = await serve("GOST2012-KUZNYECHIK-KUZNYECHIKOMAC", "tls1_2");
    const { handshake } = await visit(port);
    const session = handshake.session!;
    // A ticket the server cannot decrypt stands for one it has forgotten (expired, or its key rotated).
    const stale: TlsSession = { ...session, ticket: session.ticket!.map((b) => b ^ 0x5a) };
    const fallback = await visit(port, { resume: stale });
    expect(fallback.page).toContain("New, TLSv1.2");
    expect(fallback.handshake.resumed).toBe(false);
    expect(fallback.tokenOperations).toBe(1);
    expect(fallback.handshake.session).not.toBeNull();
  });

  it("with resumeOnly leaves a server that does not resume at its ServerHello, with TLS_SESSION_NOT_RESUMED and no token operation", async () => {
    const port = await serve("GOST2012-MAGMA-MAGMAOMAC", "tls1_2", "ids");
    const { handshake } = await visit(port);
    const stale: TlsSession = { ...handshake.session!, sessionId: handshake.session!.sessionId.map((b) => b ^ 0x5a) };
    const key = tokenKeys.keys["512-A"];
    const before = key.calls.deriveVko + key.calls.signDigest;
    const error = await visit(port, { resume: stale, resumeOnly: true }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "TLS_SESSION_NOT_RESUMED" });
    expect(key.calls.deriveVko + key.calls.signDigest).toBe(before);
    // The server saw the handshake abandoned on purpose.
    await servers[0]!.waitForOutput(/user cancel/i);
  });

  it("offers a session only to the server name and address it was made with, and with its client certificate", async () => {
    const port = await serve("GOST2012-KUZNYECHIK-KUZNYECHIKOMAC", "tls1_2");
    const { handshake } = await visit(port);
    const other = await serve("GOST2012-KUZNYECHIK-KUZNYECHIKOMAC", "tls1_2");
    const refused = (resumed: Promise<unknown>) =>
      resumed.then(
        () => null,
        (e: unknown) => e,
      );
    expect(await refused(visit(other, { resume: handshake.session!, resumeOnly: true }))).toMatchObject({ code: "TLS_SESSION_NOT_RESUMED" });
    // The server would take it (same address), but the caller holds another certificate.
    expect(await refused(visit(port, { resume: handshake.session!, resumeOnly: true, key: "256-A" }))).toMatchObject({ code: "TLS_SESSION_NOT_RESUMED" });
    expect((await visit(port, { resume: handshake.session!, resumeOnly: true })).page).toContain("Reused, ");
  });

  it("derives a resumed connection's keys from the session's master secret: a wrong one fails the server's first record", async () => {
    const port = await serve("IANA-GOST2012-GOST8912-GOST8912", "tls1_2");
    const { handshake } = await visit(port);
    const wrong: TlsSession = { ...handshake.session!, masterSecret: handshake.session!.masterSecret.map((b) => b ^ 1) };
    const error = await visit(port, { resume: wrong, resumeOnly: true }).then(
      () => null,
      (e: unknown) => e,
    );
    // The server's Finished is the first record under the new keys, so its MAC fails before its content is compared.
    expect(error).toMatchObject({ code: "TLS_BAD_RECORD_MAC" });
  });

  it("gives a resting connection no deadline, and a waiting one the usual", async () => {
    const port = await serve("GOST2012-KUZNYECHIK-KUZNYECHIKOMAC", "tls1_2");
    const page = new URL(`https://localhost:${port}/`);
    // s_server serves one connection at a time, so one after the other; the deadline leaves a loaded machine time for the handshake.
    const connect = () =>
      TlsConnection.connect({ host: "127.0.0.1", port, hostName: "localhost", trustAnchors: [pki.caDer], clientKey: tokenKeys.keys["512-A"], timeoutMs: 3000 });
    const pastDeadline = () => new Promise((resolve) => setTimeout(resolve, 3500));

    const resting = await connect();
    resting.rest();
    await pastDeadline();
    expect(Buffer.from((await httpGet(resting, page)).body).toString("latin1")).toContain("New, ");
    await resting.close();

    const waiting = await connect();
    await pastDeadline();
    await expect(httpGet(waiting, page)).rejects.toMatchObject({ code: "TLS_CONNECTION_CLOSED" });
    await waiting.close();
  });

  it("gets no session from a server that keeps none, and a forgotten session is wiped", async () => {
    const port = await serve("GOST2012-MAGMA-MAGMAOMAC", "tls1_2", "none");
    const { handshake } = await visit(port);
    expect(handshake.session).toBeNull();

    const kept = await serve("GOST2012-MAGMA-MAGMAOMAC", "tls1_2");
    const session = (await visit(kept)).handshake.session!;
    forgetSession(session);
    expect(session.masterSecret.every((b) => b === 0)).toBe(true);
  });
});
