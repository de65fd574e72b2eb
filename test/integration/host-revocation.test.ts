import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResultOf } from "../../shared/protocol/index.ts";
import { createCrlCa, opensslTime, type CrlCa } from "../fixtures/crl-ca.ts";
import { createGostToken, type GostToken } from "../fixtures/gost-token.ts";
import { HostProcess } from "../fixtures/host-process.ts";
import { ROOT } from "../fixtures/paths.ts";
import { importCertificate, openModule, slotHandle, userSession } from "../softtoken/provision/token.ts";

const DAY = 86_400_000;
const CLI = join(ROOT, "dist/native-host/kep-cli.cjs");
const thumbprint = (der: Buffer) => createHash("sha1").update(der).digest("hex").toUpperCase();

/**
 * The CA's word on a certificate, as the host gets it: CRLs made by `openssl ca -gencrl` with
 * the GOST engine (OpenSSL's `crl -verify` judges them first), served over local http at the
 * certificates' distribution points, the certificates and CA A's certificate on the GOST soft
 * token. Each case is one way a CRL can decide or fail to.
 */
describe("checkRevocation against CRLs from a GOST CA", () => {
  let caA: CrlCa;
  let caB: CrlCa;
  let caC: CrlCa;
  let token: GostToken;
  let host: HostProcess;
  let server: Server;
  const served = new Map<string, Buffer>();
  const hits = new Map<string, number>();
  let base = "";
  let closedPort = 0;
  const certs: Record<string, Buffer> = {};
  let crls: Record<"a" | "byB" | "expired" | "c", Buffer>;

  const check = async (der: Buffer, issuers: Buffer[] = []) => {
    const response = await host.request("checkRevocation", {
      token: { module: token.module, serial: token.serial },
      certificate: thumbprint(der),
      issuers: issuers.map((d) => d.toString("base64")),
    });
    if (!response.ok) throw new Error(JSON.stringify(response.error));
    return response.result as ResultOf<"checkRevocation">;
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? "";
      hits.set(path, (hits.get(path) ?? 0) + 1);
      if (path === "/huge.crl") {
        // No Content-Length: the limit must hold while the body streams in.
        const chunk = Buffer.alloc(1 << 20, 0x30);
        let sent = 0;
        const pump = () => {
          while (sent < 40 && res.write(chunk)) sent++;
          if (sent < 40) res.once("drain", pump);
          else res.end();
        };
        res.on("error", () => undefined);
        pump();
        return;
      }
      const body = served.get(path);
      res.writeHead(body ? 200 : 404, { "content-type": "application/pkix-crl" }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));

    caA = createCrlCa("Тестовый УЦ А kep-bridge TEST");
    caB = createCrlCa("Тестовый УЦ Б kep-bridge TEST");
    caC = createCrlCa("Тестовый УЦ В kep-bridge TEST");
    certs["revoked"] = caA.issue("Отозванов Отозван", [`${base}/a.crl`]);
    certs["valid"] = caA.issue("Действующий Действ", [`${base}/a.crl`]);
    certs["mirror"] = caA.issue("Зеркалов Зеркал", [`http://127.0.0.1:${closedPort}/a.crl`, `${base}/a.crl`]);
    certs["foreign"] = caA.issue("Чужой Чужак", [`${base}/by-b.crl`]);
    certs["expired"] = caA.issue("Устарелов Устарел", [`${base}/expired.crl`]);
    certs["unreachable"] = caA.issue("Недоступнов Недоступ", [`http://127.0.0.1:${closedPort}/a.crl`]);
    certs["huge"] = caA.issue("Огромнов Огром", [`${base}/huge.crl`]);
    certs["ldap"] = caA.issue("Лдапов Лдап", ["ldap://ldap.invalid/cn=CA?certificateRevocationList"]);
    certs["none"] = caA.issue("Безточкин Безточ", []);
    certs["byC"] = caC.issue("Сторонний Сторон", [`${base}/c.crl`]);
    caA.revoke(certs["revoked"], "keyCompromise");
    crls = {
      a: caA.crl(),
      byB: caB.crl(),
      expired: caA.crl({ lastUpdate: opensslTime(-10 * DAY), nextUpdate: opensslTime(-3 * DAY) }),
      c: caC.crl(),
    };
    served.set("/a.crl", crls.a);
    served.set("/by-b.crl", crls.byB);
    served.set("/expired.crl", crls.expired);
    served.set("/c.crl", crls.c);

    token = createGostToken();
    const module = openModule(token.dir);
    try {
      const session = userSession(module.p, slotHandle(module.p, 0), token.pin);
      for (const [label, der] of [["CA A", caA.der], ...Object.entries(certs)] as const) {
        importCertificate(module.p, session, der, { id: randomBytes(20), label });
      }
    } finally {
      module.close();
    }
    host = new HostProcess(token.env);
    await host.handshake();
  });

  afterAll(async () => {
    await host?.stop();
    token?.cleanup();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("serves CRLs that OpenSSL verifies with CA A's certificate, and one it does not", () => {
    expect(caA.verifyCrl(crls.a)).toBe("verify OK");
    expect(caA.verifyCrl(crls.expired)).toBe("verify OK");
    expect(caA.verifyCrl(crls.byB)).not.toBe("verify OK");
  });

  it("reports a revoked certificate with the CRL's date and reason", async () => {
    const result = await check(certs["revoked"]!);
    expect(result).toMatchObject({ status: "revoked", reason: "keyCompromise", crl: { url: `${base}/a.crl` } });
    expect(Math.abs(result.revokedAt! - Date.now())).toBeLessThan(DAY);
    expect(result.crl!.nextUpdate! - result.crl!.thisUpdate).toBe(7 * DAY);
  });

  it("reports a certificate missing from a verified, current CRL as good, from the cache until nextUpdate", async () => {
    const before = hits.get("/a.crl") ?? 0;
    expect(await check(certs["valid"]!)).toMatchObject({ status: "good", crl: { url: `${base}/a.crl` }, problems: [] });
    expect(await check(certs["valid"]!)).toMatchObject({ status: "good" });
    // The revoked certificate's check already fetched /a.crl; nothing asked for it again.
    expect(hits.get("/a.crl")).toBe(before);
  });

  it("tries the next distribution point when the first is unreachable", async () => {
    const result = await check(certs["mirror"]!);
    expect(result).toMatchObject({ status: "good", problems: [{ url: `http://127.0.0.1:${closedPort}/a.crl`, problem: "unreachable" }] });
  });

  it("refuses a CRL another CA signed, even with that CA among the issuers", async () => {
    for (const issuers of [[], [caB.der]]) {
      expect(await check(certs["foreign"]!, issuers)).toMatchObject({ status: "unknown", problems: [{ problem: "badSignature" }] });
    }
  });

  it("does not decide on a CRL past its nextUpdate", async () => {
    expect(await check(certs["expired"]!)).toMatchObject({ status: "unknown", problems: [{ problem: "outdated" }] });
  });

  it("says unknown for an unreachable point, an oversized CRL, an ldap URL and no point at all", async () => {
    expect(await check(certs["unreachable"]!)).toMatchObject({ status: "unknown", problems: [{ problem: "unreachable" }] });
    expect(await check(certs["huge"]!)).toMatchObject({ status: "unknown", problems: [{ problem: "tooLarge" }] });
    expect(await check(certs["ldap"]!)).toMatchObject({ status: "unknown", problems: [{ problem: "unsupportedUrl" }] });
    expect(await check(certs["none"]!)).toMatchObject({ status: "unknown", problems: [{ problem: "noDistributionPoint" }] });
  });

  it("verifies with a CA certificate from the options' store when the token has none", async () => {
    const before = hits.get("/c.crl") ?? 0;
    expect(await check(certs["byC"]!)).toMatchObject({ status: "unknown", problems: [{ problem: "noIssuer" }] });
    // Nothing could verify the CRL, so nothing was fetched.
    expect(hits.get("/c.crl") ?? 0).toBe(before);
    expect(await check(certs["byC"]!, [caC.der])).toMatchObject({ status: "good", crl: { url: `${base}/c.crl` } });
  });

  it("answers the same in the terminal: kep revocation exits 1 for revoked, 0 for good with the CA given by --ca", async () => {
    // Asynchronous: this process serves the CRLs the CLI fetches.
    const run = (args: string[]) =>
      new Promise<{ status: number; stdout: string }>((resolve) => {
        execFile(process.execPath, [CLI, "revocation", ...args], { env: { ...process.env, ...token.env, KEP_LANG: "ru" } }, (error, stdout) =>
          resolve({ status: typeof error?.code === "number" ? error.code : error ? -1 : 0, stdout }),
        );
      });
    const revoked = await run(["--cert", thumbprint(certs["revoked"]!)]);
    expect(revoked.status).toBe(1);
    expect(revoked.stdout).toMatch(/^Отозван \d{4}-\d\d-\d\d \(причина: keyCompromise\) по CRL от /);
    const caFile = join(mkdtempSync(join(tmpdir(), "kep-revocation-cli-")), "ca-c.cer");
    writeFileSync(caFile, caC.der);
    const good = await run(["--cert", thumbprint(certs["byC"]!), "--ca", caFile, "--json"]);
    expect(good.status).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ status: "good", crl: { url: `${base}/c.crl` } });
  });

  it("names a certificate that is not on the token", async () => {
    const response = await host.request("checkRevocation", {
      token: { module: token.module, serial: token.serial },
      certificate: "00".repeat(20),
      issuers: [],
    });
    expect(response).toMatchObject({ ok: false, error: { code: "CERT_NOT_FOUND" } });
  });
});
