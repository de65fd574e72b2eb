import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchCrl } from "../../../native-host/src/revocation/fetch-crl.ts";

/** The CRL download's limits against a local server that misbehaves in each of the ways a CDP can. */
describe("fetchCrl", () => {
  let server: Server;
  let base = "";
  // Generous for every case but the stalled download, so a loaded machine cannot fail them.
  const limits = { maxBytes: 1000, timeoutMs: 20_000 };

  beforeAll(async () => {
    server = createServer((req, res) => {
      switch (req.url) {
        case "/ok.crl":
          return res.writeHead(200).end(Buffer.alloc(1000, 1));
        case "/declared-large.crl":
          return res.writeHead(200, { "content-length": "1001" }).end(Buffer.alloc(1001, 1));
        case "/streamed-large.crl":
          res.writeHead(200);
          res.write(Buffer.alloc(600, 1));
          return res.end(Buffer.alloc(600, 1));
        case "/moved":
          return res.writeHead(302, { location: "/ok.crl" }).end();
        case "/loop":
          return res.writeHead(301, { location: "/loop" }).end();
        case "/to-https":
          return res.writeHead(302, { location: "https://127.0.0.1/ok.crl" }).end();
        case "/slow":
          // Headers at once, then nothing: the limit covers the whole download, not only the connection.
          res.writeHead(200);
          return res.write(Buffer.alloc(10, 1));
        default:
          return res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("returns the body up to the size limit, following an http redirect", async () => {
    expect((await fetchCrl(`${base}/ok.crl`, limits)).length).toBe(1000);
    expect((await fetchCrl(`${base}/moved`, limits)).length).toBe(1000);
  });

  it("gives up on a download that stalls after its headers", async () => {
    await expect(fetchCrl(`${base}/slow`, { ...limits, timeoutMs: 300 })).rejects.toMatchObject({ problem: "timeout" });
  });

  it.each([
    ["/declared-large.crl", "tooLarge"],
    ["/streamed-large.crl", "tooLarge"],
    ["/missing.crl", "httpStatus"],
    ["/loop", "httpStatus"],
    ["/to-https", "unsupportedUrl"],
  ])("refuses %s as %s", async (path, problem) => {
    await expect(fetchCrl(`${base}${path}`, limits)).rejects.toMatchObject({ problem });
  });

  it("fetches http only", async () => {
    await expect(fetchCrl("ldap://ca.invalid/cn=CA", limits)).rejects.toMatchObject({ problem: "unsupportedUrl" });
    await expect(fetchCrl("not a url", limits)).rejects.toMatchObject({ problem: "unsupportedUrl" });
  });
});
