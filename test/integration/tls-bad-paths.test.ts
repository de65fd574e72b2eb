import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TlsError } from "../../native-host/src/tls/errors.ts";
import { gostFetch } from "../../native-host/src/tls/fetch.ts";
import { suiteByName } from "../../native-host/src/tls/suites.ts";
import { createGostTlsPki, type GostTlsPki, type PkiCertificate } from "../fixtures/tls/gost-tls-pki.ts";
import { startRecordRelay, type RecordRelay, type RecordTamper } from "../fixtures/tls/record-relay.ts";
import { startSServer, type SServer } from "../fixtures/tls/s-server.ts";
import { softwareClientKey } from "../fixtures/tls/software-client-key.ts";

const APPLICATION_DATA = 23;

// Each failure ends in its own error code, and gostFetch returns nothing: a caller never
// gets a part of a page as if it were the page.
describe("GOST TLS client: bad paths", () => {
  let pki: GostTlsPki;
  let server: SServer | null = null;
  let relay: RecordRelay | null = null;
  const page = randomBytes(50_000);

  beforeAll(() => {
    pki = createGostTlsPki();
  });
  afterEach(async () => {
    await relay?.close();
    await server?.stop();
    relay = null;
    server = null;
  });

  const serve = async (certificate: PkiCertificate, suite = "GOST2012-KUZNYECHIK-KUZNYECHIKOMAC") => {
    server = await startSServer({ certificate, caPath: pki.caPath, suite, version: "tls1_2", files: { "page.bin": page } });
    return server.port;
  };

  const failure = async (port: number, client: PkiCertificate = pki.clients["256-A"], host = "localhost"): Promise<TlsError> => {
    const result = gostFetch({
      url: new URL(`https://${host}:${port}/page.bin`),
      connectTo: { host: "127.0.0.1", port },
      trustAnchors: [pki.caDer],
      clientKey: softwareClientKey(pki, client),
    });
    const error = await result.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TlsError);
    return error as TlsError;
  };

  it("refuses a server certificate from an unknown CA, naming its subject and issuer", async () => {
    const error = await failure(await serve(pki.serverUnknownCa));
    expect(error.code).toBe("TLS_SERVER_UNTRUSTED");
    expect(error.details?.subject).toContain("CN=localhost");
    expect(error.details?.issuer).toContain("CN=Unknown Test CA");
  });

  it("refuses a certificate issued for another host name", async () => {
    const error = await failure(await serve(pki.serverWrongHost));
    expect(error.code).toBe("TLS_HOSTNAME_MISMATCH");
    expect(error.details?.server).toBe("localhost");
  });

  it("checks the URL's host, not the address connected to", async () => {
    const error = await failure(await serve(pki.server), pki.clients["256-A"], "other.example");
    expect(error.code).toBe("TLS_HOSTNAME_MISMATCH");
  });

  it("reports a client certificate the server rejects", async () => {
    for (const suite of ["GOST2012-MAGMA-MAGMAOMAC", "LEGACY-GOST2012-GOST8912-GOST8912"]) {
      const port = await serve(pki.server, suite);
      const error = await failure(port, pki.clientUnknownCa);
      expect(error.code, suite).toBe("TLS_CLIENT_CERT_REJECTED");
      expect(error.details?.alert, suite).toMatch(/unknown_ca|bad_certificate|certificate_unknown/);
      await server?.stop();
      server = null;
    }
  });

  const throughRelay = async (suite: string, tamper: RecordTamper): Promise<TlsError> => {
    const port = await serve(pki.server, suite);
    relay = await startRecordRelay(port, tamper);
    return failure(relay.port);
  };

  for (const suite of ["GOST2012-KUZNYECHIK-KUZNYECHIKOMAC", "GOST2012-MAGMA-MAGMAOMAC", "LEGACY-GOST2012-GOST8912-GOST8912"]) {
    it(`detects a byte flipped in a record on the wire (${suite})`, async () => {
      let flipped = false;
      const error = await throughRelay(suite, (record) => {
        if (record.type !== APPLICATION_DATA || flipped) return { send: record.bytes };
        flipped = true;
        const bytes = Buffer.from(record.bytes);
        bytes[bytes.length >> 1]! ^= 0x01;
        return { send: bytes };
      });
      expect(flipped).toBe(true);
      expect(error.code).toBe("TLS_BAD_RECORD_MAC");
    });

    it(`reports a server that closes in the middle of a record (${suite})`, async () => {
      let seen = 0;
      const error = await throughRelay(suite, (record) => {
        if (record.type !== APPLICATION_DATA || ++seen < 2) return { send: record.bytes };
        return { send: record.bytes.subarray(0, record.bytes.length >> 1), end: true };
      });
      expect(seen).toBe(2);
      expect(error.code).toBe("TLS_CONNECTION_CLOSED");
    });
  }

  it("reports a server that closes between records without close_notify", async () => {
    let seen = 0;
    const error = await throughRelay("GOST2012-MAGMA-MAGMAOMAC", (record) => {
      if (record.type !== APPLICATION_DATA || ++seen < 2) return { send: record.bytes };
      return { send: Buffer.alloc(0), end: true };
    });
    expect(error.code).toBe("TLS_CONNECTION_CLOSED");
  });

  it("reports the alert of a server that refuses the client and resets before the client's flight is written", async () => {
    const HANDSHAKE = 22;
    const SERVER_HELLO_DONE = Buffer.of(14, 0, 0, 0);
    const UNKNOWN_CA_ALERT = Buffer.of(21, 3, 3, 0, 2, 2, 48);
    let refused = false;
    const error = await throughRelay("GOST2012-KUZNYECHIK-KUZNYECHIKOMAC", (record) => {
      if (record.type !== HANDSHAKE || !record.bytes.subarray(-4).equals(SERVER_HELLO_DONE)) return { send: record.bytes };
      // A server that has made up its mind: its flight, a fatal alert, and a reset before the client answers.
      refused = true;
      return { send: Buffer.concat([record.bytes, UNKNOWN_CA_ALERT]), reset: true };
    });
    expect(refused).toBe(true);
    expect(error.code).toBe("TLS_CLIENT_CERT_REJECTED");
    expect(error.details?.alert).toBe("unknown_ca");
  });

  it("reports a server that shares no suite with the client", async () => {
    const port = await serve(pki.server, "GOST2012-MAGMA-MAGMAOMAC");
    const result = gostFetch({
      url: new URL(`https://localhost:${port}/page.bin`),
      trustAnchors: [pki.caDer],
      clientKey: softwareClientKey(pki, pki.clients["256-A"]),
      suites: [suiteByName("GOST2012-KUZNYECHIK-KUZNYECHIKOMAC")!],
    });
    await expect(result).rejects.toMatchObject({ code: "TLS_NO_COMMON_SUITE", details: { server: "localhost" } });
  });

  it("reports a server that is not listening", async () => {
    const port = await serve(pki.server);
    await server?.stop();
    server = null;
    const error = await failure(port);
    expect(error.code).toBe("TLS_CONNECT_FAILED");
  });

  afterAll(async () => {
    await relay?.close();
    await server?.stop();
  });
});
