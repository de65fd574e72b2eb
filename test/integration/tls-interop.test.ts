import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gostFetch } from "../../native-host/src/tls/fetch.ts";
import { suiteByName, VERSION_NAMES } from "../../native-host/src/tls/suites.ts";
import { createGostTlsPki, type ClientKeyKind, type GostTlsPki } from "../fixtures/tls/gost-tls-pki.ts";
import { startSServer, type SServer, type TlsVersionFlag } from "../fixtures/tls/s-server.ts";
import { placeTokenClientKeys, type TokenClientKeys } from "../fixtures/tls/token-client-keys.ts";

// Our client against OpenSSL's gost-engine server, which requires and verifies a client
// certificate: every suite in every protocol version it offers, with 256- and 512-bit keys
// on the GOST soft token.
const LEGACY = ["LEGACY-GOST2012-GOST8912-GOST8912", "IANA-GOST2012-GOST8912-GOST8912"];
const RFC9189 = ["GOST2012-KUZNYECHIK-KUZNYECHIKOMAC", "GOST2012-MAGMA-MAGMAOMAC"];
const CASES: [string, TlsVersionFlag][] = [
  ...LEGACY.flatMap((suite) => (["tls1", "tls1_1", "tls1_2"] as const).map((v): [string, TlsVersionFlag] => [suite, v])),
  ...RFC9189.map((suite): [string, TlsVersionFlag] => [suite, "tls1_2"]),
];
const VERSIONS: Record<TlsVersionFlag, string> = { tls1: "TLSv1", tls1_1: "TLSv1.1", tls1_2: "TLSv1.2" };

describe("GOST TLS client against openssl s_server", () => {
  let pki: GostTlsPki;
  let tokenKeys: TokenClientKeys;
  // Several records, and more than one CNT key-meshing interval and TLSTREE step per record.
  const page = randomBytes(100_000);

  beforeAll(async () => {
    pki = createGostTlsPki();
    tokenKeys = await placeTokenClientKeys(pki, ["256-A", "256-B", "512-A"]);
  });
  afterAll(() => tokenKeys?.close());

  const fetchFrom = async (server: SServer, kind: ClientKeyKind) => {
    const key = tokenKeys.keys[kind];
    const before = { ...key.calls };
    const result = await gostFetch({
      url: new URL(`https://localhost:${server.port}/page.bin`),
      trustAnchors: [pki.caDer],
      clientKey: key,
    });
    return { ...result, calls: { deriveVko: key.calls.deriveVko - before.deriveVko, signDigest: key.calls.signDigest - before.signDigest } };
  };

  it("fetches from an address URL, checking the certificate's iPAddress entry", async () => {
    const server = await startSServer({
      certificate: pki.server,
      caPath: pki.caPath,
      suite: "GOST2012-MAGMA-MAGMAOMAC",
      version: "tls1_2",
      files: { "page.bin": page },
    });
    try {
      const { response } = await gostFetch({
        url: new URL(`https://127.0.0.1:${server.port}/page.bin`),
        trustAnchors: [pki.caDer],
        clientKey: tokenKeys.keys["256-A"],
      });
      expect(Buffer.from(response.body).equals(page)).toBe(true);
    } finally {
      await server.stop();
    }
  });

  for (const [suite, version] of CASES) {
    for (const kind of ["256-A", "256-B", "512-A"] as const) {
      it(`${suite} ${VERSIONS[version]} with a ${kind} client key`, async () => {
        const server = await startSServer({ certificate: pki.server, caPath: pki.caPath, suite, version, files: { "page.bin": page } });
        try {
          const { response, handshake, calls } = await fetchFrom(server, kind);
          expect(response.status).toBe(200);
          expect(Buffer.from(response.body).equals(page)).toBe(true);
          expect(handshake.suite).toBe(suiteByName(suite));
          expect(VERSION_NAMES[handshake.version]).toBe(VERSIONS[version]);
          // The CryptoPro suite agrees with the static key when it is on the server key's curve.
          const staticKey = LEGACY.includes(suite) && kind === "256-A";
          expect(handshake.clientAuthentication).toBe(staticKey ? "static-key" : "certificate-verify");
          expect(calls).toEqual(staticKey ? { deriveVko: 1, signDigest: 0 } : { deriveVko: 0, signDigest: 1 });
          await server.waitForOutput(new RegExp(`depth=0 .*${kind}.*\\nverify return:1`));
        } finally {
          await server.stop();
        }
      });
    }
  }
});
