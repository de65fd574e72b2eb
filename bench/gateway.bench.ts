import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { Agent as HttpsAgent, createServer as createHttpsServer, request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createSecureContext } from "node:tls";
import { startTokenGateway } from "../native-host/src/gateway/token-gateway.ts";
import { Logger } from "../native-host/src/log.ts";
import { ModuleRegistry } from "../native-host/src/pkcs11/registry.ts";
import { TokenSessions } from "../native-host/src/tokens/sessions.ts";
import { certificateThumbprint } from "../shared/x509/thumbprint.ts";
import { opensslSubject } from "../test/fixtures/lk-site/applicant.ts";
import { createServerPki, GOST_SITE_HOST } from "../test/fixtures/lk-site/gost-server-pki.ts";
import { readHandshakes, startTerminator } from "../test/fixtures/lk-site/gost-terminator.ts";
import { prepareTokenWithOldCertificate } from "../test/fixtures/lk-site/prepare-token.ts";
import { openLkApp } from "../test/fixtures/lk-site/server.ts";
import { serveTerminated } from "../test/fixtures/lk-site/terminated-connections.ts";
import { SITE_HOST, tlsCertificate } from "../test/fixtures/lk-site/tls.ts";
import { paramSet } from "../test/softtoken/gost.ts";
import { SOFTTOKEN_LIB } from "../test/softtoken/harness.ts";
import { openssl, writeGostConf } from "../test/softtoken/provision/openssl.ts";
import { DEFAULT_PINS } from "../test/softtoken/provision/token.ts";
import type { BenchRow, BenchSuite } from "./lib/report.ts";
import { median } from "./lib/report.ts";
import { SClientHttp } from "./lib/s-client-http.ts";

// A cabinet page as a browser loads it: the HTML, then 19 scripts, styles and data files at up
// to six at a time, about 300 KB in all. Through the gateway (HTTP on loopback, GOST TLS with
// the token's key to the OpenSSL + gost-engine terminator) against the same page from the same
// server code over plain local HTTPS with keep-alive, and against OpenSSL's own GOST TLS client
// (s_client, a key on the same curve in a file, the suite the gateway got) fetching it from the
// same terminator over six keep-alive connections, as the gateway does: plain HTTPS shows what
// the GOST cipher costs on both ends, s_client what is left for the gateway's own work.
// Connections stay open across rounds everywhere, as in a browser; the gateway's first
// handshake happens at its start. Rounds alternate the three, so load on the machine hits all alike.

const ASSETS = 19;
const HTML_BYTES = 20 * 1024;
const ASSET_BYTES = 15 * 1024;
const ROUNDS = 15;
const PARALLEL = 6;

function content(path: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let at = 0, n = 0; at < size; n++) at += out.write(createHash("sha256").update(`${path}:${n}`).digest("hex"), at);
  return out;
}

const PAGE = new Map<string, Buffer>([["/lk/page.html", content("/lk/page.html", HTML_BYTES)]]);
for (let i = 0; i < ASSETS; i++) PAGE.set(`/lk/asset-${i}.${["js", "css", "json"][i % 3]}`, content(`asset-${i}`, ASSET_BYTES));

function servePage(req: IncomingMessage, res: ServerResponse): void {
  const body = PAGE.get(req.url ?? "");
  if (!body) return void res.writeHead(404).end();
  res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": body.length }).end(body);
}

type Get = (path: string) => Promise<number>;

/** The HTML first, then the assets at up to PARALLEL at a time; returns milliseconds. */
async function loadPage(get: Get): Promise<number> {
  const started = performance.now();
  const html = await get("/lk/page.html");
  const queue = [...PAGE.keys()].slice(1);
  const perConnection = await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      let n = 0;
      for (let path; (path = queue.shift()) !== undefined;) n += await get(path);
      return n;
    }),
  );
  const bytes = perConnection.reduce((a, b) => a + b, html);
  const elapsed = performance.now() - started;
  const expected = [...PAGE.values()].reduce((n, b) => n + b.length, 0);
  if (bytes !== expected) throw new Error(`page loaded ${bytes} bytes, expected ${expected}`);
  return elapsed;
}

/** One request at a time per connection, as loadPage never runs more than PARALLEL at once. */
function pooled(connections: SClientHttp[]): Get {
  const idle = [...connections];
  return async (path) => {
    const connection = idle.pop();
    if (!connection) throw new Error("no idle s_client connection");
    try {
      return await connection.get(path);
    } finally {
      idle.push(connection);
    }
  };
}

function getter(send: typeof httpRequest, options: Record<string, unknown>): Get {
  return (path) =>
    new Promise((resolve, reject) => {
      const req = send({ ...options, path }, (res) => {
        let n = 0;
        res.on("data", (c: Buffer) => (n += c.length));
        res.on("end", () => (res.statusCode === 200 ? resolve(n) : reject(new Error(`${path}: HTTP ${res.statusCode}`))));
      });
      req.on("error", reject);
      req.end();
    });
}

const suite: BenchSuite = async () => {
  const work = mkdtempSync(join(tmpdir(), "kep-bench-gateway-"));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(work, { recursive: true, force: true })];
  try {
    // Plain HTTPS reference; its client context is made now, before the token module is loaded and unloaded.
    const tls = tlsCertificate(work);
    const https = createHttpsServer(tls, servePage);
    await new Promise<void>((resolve) => https.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => https.close(() => resolve())));
    const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: PARALLEL });
    cleanups.push(() => httpsAgent.destroy());
    const plain = getter(httpsRequest as typeof httpRequest, {
      host: "127.0.0.1",
      port: (https.address() as AddressInfo).port,
      servername: SITE_HOST,
      headers: { Host: SITE_HOST },
      agent: httpsAgent,
      secureContext: createSecureContext({ ca: tls.cert }),
    });

    // The GOST side: the terminator requiring a client certificate from the LK test CA, the same page behind it.
    const app = openLkApp({});
    cleanups.push(() => app.close());
    const pki = createServerPki(join(work, "pki"));
    writeFileSync(join(work, "client-ca.pem"), app.ca.pem);
    const backend = await serveTerminated(join(work, "site.sock"), servePage);
    cleanups.push(() => backend.close());
    const terminator = await startTerminator({
      port: 0,
      certPath: pki.certificate.certPath,
      keyPath: pki.certificate.keyPath,
      clientCaPath: join(work, "client-ca.pem"),
      backendSocket: join(work, "site.sock"),
      logPath: join(work, "handshakes.log"),
      workDir: work,
    });
    cleanups.push(() => terminator.stop());
    const tokenDir = join(work, "token");
    const { certificate } = prepareTokenWithOldCertificate(tokenDir, app, { daysLeft: 20 });
    // s_client's certificate: from the same CA, its key in a file on the token key's curve.
    const clientDir = join(work, "s_client");
    mkdirSync(clientDir);
    const ssl = openssl(clientDir);
    ssl.run(["genpkey", "-algorithm", "gost2012_256", "-pkeyopt", `paramset:${paramSet("CryptoPro-XchA").openssl}`, "-out", "client.key"]);
    const csr = ssl.run(["req", "-new", "-utf8", "-key", "client.key", "-subj", opensslSubject(app.state.applicant)]).toString("utf8");
    writeFileSync(join(clientDir, "client.pem"), app.issueOldCertificate(csr, { daysLeft: 20 }).pem);
    process.env["KEP_SOFTTOKEN_DIR"] = tokenDir;
    process.env["KEP_PKCS11_MODULES"] = SOFTTOKEN_LIB;
    const log = new Logger(join(work, "host.log"));
    const registry = new ModuleRegistry(log);
    const sessions = new TokenSessions(log);
    cleanups.push(async () => {
      await sessions.closeAll();
      await registry.finalizeAll();
    });
    const der = Buffer.from(certificate.pem.replace(/-----[^-]+-----|\s/g, ""), "base64");
    const gateway = await startTokenGateway({
      registry,
      sessions,
      thumbprint: certificateThumbprint(der),
      pin: DEFAULT_PINS.pin,
      host: GOST_SITE_HOST,
      trustAnchors: [pki.caDer],
      connectTo: () => ({ host: "127.0.0.1", port: terminator.port }),
    });
    cleanups.push(() => gateway.close());
    const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: PARALLEL });
    cleanups.push(() => httpAgent.destroy());
    const host = `${GOST_SITE_HOST}.localhost:${gateway.port}`;
    const start = new URL(gateway.startUrl(GOST_SITE_HOST));
    const cookie = await new Promise<string>((resolve, reject) =>
      httpRequest({ host: "127.0.0.1", port: gateway.port, path: `${start.pathname}${start.search}`, headers: { Host: host } }, (res) => {
        res.resume();
        const set = res.headers["set-cookie"]?.[0];
        if (set) resolve(set.split(";")[0]!);
        else reject(new Error("the gateway set no session cookie"));
      })
        .on("error", reject)
        .end(),
    );
    const viaGateway = getter(httpRequest, {
      host: "127.0.0.1",
      port: gateway.port,
      headers: { Host: host, Cookie: cookie, "Sec-Fetch-Site": "same-origin" },
      agent: httpAgent,
    });

    const firstGateway = await loadPage(viaGateway);
    const firstPlain = await loadPage(plain);
    const suiteName = readHandshakes(join(work, "handshakes.log")).find((h) => h.result === "accepted")?.suite;
    if (!suiteName) throw new Error("the terminator logged no accepted handshake of the gateway");
    // Written once: a rewrite while another s_client reads it would leave that one without the engine.
    const opensslConf = writeGostConf(clientDir);
    const sClients = Array.from(
      { length: PARALLEL },
      () =>
        new SClientHttp({
          port: terminator.port,
          hostName: GOST_SITE_HOST,
          suite: suiteName,
          certPath: join(clientDir, "client.pem"),
          keyPath: join(clientDir, "client.key"),
          caPath: pki.caPath,
          opensslConf,
        }),
    );
    cleanups.push(() => sClients.forEach((c) => c.close()));
    const viaSClient = pooled(sClients);
    const firstSClient = await loadPage(viaSClient);
    const gatewayMs: number[] = [];
    const plainMs: number[] = [];
    const sClientMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      gatewayMs.push(await loadPage(viaGateway));
      plainMs.push(await loadPage(plain));
      sClientMs.push(await loadPage(viaSClient));
    }
    const kb = Math.round([...PAGE.values()].reduce((n, b) => n + b.length, 0) / 1024);
    const g = median(gatewayMs);
    const p = median(plainMs);
    const s = median(sClientMs);
    // The goal is set against OpenSSL's own GOST client, the part a gateway controls: against
    // plain HTTPS no GOST client can come near 1.5×, since the GOST cipher on both ends costs
    // more than the whole plain page (the third row; README, "npm run bench").
    return [
      {
        name: `cabinet page (${kb} KB in ${PAGE.size} requests) through the GOST gateway, warm (median of ${ROUNDS}): the gateway's own overhead (${suiteName})`,
        value: g,
        unit: "ms",
        reference: { name: "openssl s_client, 6 keep-alive connections, a key on the same curve in a file", value: s },
        goal: "≤ 1.5× reference",
        met: g <= 1.5 * s,
      },
      {
        name: "the same page through the gateway against plain HTTPS",
        value: g,
        unit: "ms",
        reference: { name: "plain local HTTPS", value: p },
      },
      {
        name: "the same page through openssl s_client: what the GOST cipher costs without a gateway",
        value: s,
        unit: "ms",
        reference: { name: "plain local HTTPS", value: p },
      },
      {
        name: "the same page, first load (the gateway opens connections resuming the sign-in's GOST TLS session, no token)",
        value: firstGateway,
        unit: "ms",
        reference: { name: "plain local HTTPS, first load", value: firstPlain },
      },
      {
        name: "the same page, first load through openssl s_client (six GOST handshakes with a file key)",
        value: firstSClient,
        unit: "ms",
        reference: { name: "plain local HTTPS, first load", value: firstPlain },
      },
    ] satisfies BenchRow[];
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
};

export default suite;
