import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { TlsClientKey } from "../native-host/src/tls/client-key.ts";
import { gostFetch } from "../native-host/src/tls/fetch.ts";
import { suiteByName } from "../native-host/src/tls/suites.ts";
import { createGostTlsPki, type PkiCertificate } from "../test/fixtures/tls/gost-tls-pki.ts";
import { startSServer } from "../test/fixtures/tls/s-server.ts";
import { placeTokenClientKeys } from "../test/fixtures/tls/token-client-keys.ts";
import { writeGostConf } from "../test/softtoken/provision/openssl.ts";
import { median, type BenchRow, type BenchSuite } from "./lib/report.ts";

const HANDSHAKES = Number(process.env.KEP_BENCH_TLS_HANDSHAKES ?? 30);
const BULK_MIB = Number(process.env.KEP_BENCH_TLS_MIB ?? 64);
/** s_time's seconds per round: ROUNDS of them, between our rounds. */
const REFERENCE_SECONDS = 3;
const ROUNDS = 3;
/** First handshakes compile the code paths and fill the certificate cache. */
const WARM_UP = 10;
const SUITES = ["LEGACY-GOST2012-GOST8912-GOST8912", "IANA-GOST2012-GOST8912-GOST8912", "GOST2012-KUZNYECHIK-KUZNYECHIKOMAC", "GOST2012-MAGMA-MAGMAOMAC"];

/**
 * openssl s_time: as many full handshakes with a file key, each with one small GET, as fit in
 * the time; ms per handshake. Run asynchronously: while the event loop is blocked nobody
 * drains s_server's output pipe and the server stalls.
 */
async function opensslHandshakeMs(port: number, suite: string, client: PkiCertificate, caPath: string, dir: string): Promise<number> {
  const started = performance.now();
  const child = spawn(
    "openssl",
    [
      "s_time",
      "-connect",
      `127.0.0.1:${port}`,
      "-new",
      "-time",
      String(REFERENCE_SECONDS),
      "-www",
      "/small.txt",
      "-cert",
      client.certPath,
      "-key",
      client.keyPath,
      "-CAfile",
      caPath,
      "-cipher",
      `${suite}:@SECLEVEL=0`,
    ],
    {
      env: { ...process.env, OPENSSL_CONF: writeGostConf(dir) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise((resolve) => child.on("exit", resolve));
  const elapsed = performance.now() - started;
  const count = Number(/(\d+) connections in [\d.]+s/.exec(output)?.[1]);
  if (!count) throw new Error(`s_time made no connection: ${output}`);
  return elapsed / count;
}

/** openssl s_client downloading the file to /dev/null; seconds. */
function opensslDownloadSeconds(port: number, suite: string, client: PkiCertificate, caPath: string, dir: string): Promise<number> {
  const started = performance.now();
  const child = spawn(
    "openssl",
    [
      "s_client",
      "-quiet",
      "-connect",
      `127.0.0.1:${port}`,
      "-servername",
      "localhost",
      "-cipher",
      `${suite}:@SECLEVEL=0`,
      "-cert",
      client.certPath,
      "-key",
      client.keyPath,
      "-CAfile",
      caPath,
    ],
    {
      env: { ...process.env, OPENSSL_CONF: writeGostConf(dir) },
      stdio: ["pipe", "pipe", "ignore"],
    },
  );
  let bytes = 0;
  child.stdout.on("data", (chunk: Buffer) => (bytes += chunk.length));
  child.stdin.end("GET /bulk.bin HTTP/1.0\r\n\r\n");
  return new Promise((resolve, reject) =>
    child.on("exit", () => (bytes >= BULK_MIB << 20 ? resolve((performance.now() - started) / 1000) : reject(new Error(`s_client got ${bytes} bytes`)))),
  );
}

const suite: BenchSuite = async () => {
  const work = mkdtempSync(join(tmpdir(), "kep-tls-bench-"));
  const pki = createGostTlsPki();
  // 256-A is on the server key's curve: the CryptoPro suite agrees the key with it on the token.
  const tokenKeys = await placeTokenClientKeys(pki, ["256-A", "512-A"]);
  const rows: BenchRow[] = [];
  try {
    const keys: Record<string, TlsClientKey> = { agree: tokenKeys.keys["256-A"], sign: tokenKeys.keys["512-A"] };
    const handshakeCases: [string, string, PkiCertificate, string][] = [
      ["LEGACY-GOST2012-GOST8912-GOST8912", "agree", pki.clients["256-A"], "key agreed on the token (VKO)"],
      ["GOST2012-KUZNYECHIK-KUZNYECHIKOMAC", "sign", pki.clients["512-A"], "CertificateVerify signed on the token"],
    ];
    for (const [name, key, reference, how] of handshakeCases) {
      const server = await startSServer({ certificate: pki.server, caPath: pki.caPath, suite: name, version: "tls1_2", files: { "small.txt": "ok" } });
      try {
        const fetchOnce = () =>
          // To the address, as s_time: a name lookup per connection is not part of the handshake.
          gostFetch({
            url: new URL(`https://localhost:${server.port}/small.txt`),
            connectTo: { host: "127.0.0.1", port: server.port },
            trustAnchors: [pki.caDer],
            clientKey: keys[key]!,
            suites: [suiteByName(name)!],
          });
        for (let i = 0; i < WARM_UP; i++) await fetchOnce();
        // Ours and OpenSSL's in turns, so that load from elsewhere on the machine falls on both.
        const times: number[] = [];
        const references: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          for (let i = 0; i < Math.ceil(HANDSHAKES / ROUNDS); i++) {
            const started = performance.now();
            await fetchOnce();
            times.push(performance.now() - started);
          }
          references.push(await opensslHandshakeMs(server.port, name, reference, pki.caPath, work));
        }
        const reference_ = median(references);
        const value = median(times);
        rows.push({
          name: `TLS full handshake + small GET, ${name}, ${how} (median of ${times.length})`,
          value,
          unit: "ms",
          reference: { name: "openssl s_time, a key on the same curve in a file (it cannot use the token)", value: reference_ },
          goal: "≤ 2× reference",
          met: value <= 2 * reference_,
        });
      } finally {
        await server.stop();
      }
    }

    const bulk = new Uint8Array(BULK_MIB << 20).map((_, i) => (i * 31) & 0xff);
    for (const name of SUITES) {
      const server = await startSServer({ certificate: pki.server, caPath: pki.caPath, suite: name, version: "tls1_2", files: { "bulk.bin": bulk } });
      try {
        const started = performance.now();
        const { response } = await gostFetch({
          url: new URL(`https://localhost:${server.port}/bulk.bin`),
          trustAnchors: [pki.caDer],
          clientKey: keys["sign"]!,
          suites: [suiteByName(name)!],
        });
        const seconds = (performance.now() - started) / 1000;
        if (response.body.length !== bulk.length) throw new Error(`got ${response.body.length} bytes of ${bulk.length}`);
        const reference_ = await opensslDownloadSeconds(server.port, name, pki.clients["512-A"], pki.caPath, work);
        const mibs = BULK_MIB / seconds;
        const referenceMibs = BULK_MIB / reference_;
        rows.push({
          name: `TLS download of ${BULK_MIB} MiB, ${name}`,
          value: mibs,
          unit: "MiB/s",
          reference: { name: "openssl s_client", value: referenceMibs },
          goal: "≥ 0.5× reference",
          met: mibs >= 0.5 * referenceMibs,
        });
      } finally {
        await server.stop();
      }
    }
  } finally {
    await tokenKeys.close();
  }
  return rows;
};

export default suite;
