/**
 * The GOST gateway seen by real headless Chromium: the browser resolves
 * lkipgost2.nalog.ru.localhost to loopback by itself, takes the session cookie from the start
 * URL, signs in with the cabinet's button (the GOST cabinet fixture verifies the token's
 * certificate over GOST TLS), reaches the reissue page and signs out; pages of other sites,
 * a sibling .localhost name among them, are refused.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../native-host/src/gateway/gateway.ts";
import { startTokenGateway } from "../../native-host/src/gateway/token-gateway.ts";
import { Logger } from "../../native-host/src/log.ts";
import { ModuleRegistry } from "../../native-host/src/pkcs11/registry.ts";
import { TokenSessions } from "../../native-host/src/tokens/sessions.ts";
import { CHROMIUM } from "../fixtures/chromium.ts";
import { fullName } from "../fixtures/lk-site/applicant.ts";
import { GOST_SITE_HOST, startGostCabinet, type GostCabinet } from "../fixtures/lk-site/gost-cabinet.ts";
import { prepareTokenWithOldCertificate } from "../fixtures/lk-site/prepare-token.ts";
import { TEST_OUTPUT } from "../fixtures/paths.ts";
import { SOFTTOKEN_LIB } from "../softtoken/harness.ts";
import { DEFAULT_PINS } from "../softtoken/provision/token.ts";

const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64");

let cabinet: GostCabinet;
let work: string;
let thumbprint: string;
let registry: ModuleRegistry;
let sessions: TokenSessions;
let logPath: string;
let gateway: Gateway;
let browser: Browser;
/** Another site's page trying to reach the gateway with the browser's cookies. */
let attacker: Server;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "kep-gateway-e2e-"));
  cabinet = await startGostCabinet();
  const tokenDir = join(work, "token");
  thumbprint = createHash("sha1")
    .update(der(prepareTokenWithOldCertificate(tokenDir, cabinet.site, { daysLeft: 20 }).certificate.pem))
    .digest("hex")
    .toUpperCase();
  process.env["KEP_SOFTTOKEN_DIR"] = tokenDir;
  process.env["KEP_PKCS11_MODULES"] = SOFTTOKEN_LIB;
  logPath = join(work, "host.log");
  const log = new Logger(logPath);
  registry = new ModuleRegistry(log);
  sessions = new TokenSessions(log);
  gateway = await startTokenGateway({
    registry,
    sessions,
    thumbprint,
    pin: DEFAULT_PINS.pin,
    host: GOST_SITE_HOST,
    trustAnchors: [der(cabinet.caCertificatePem)],
    connectTo: () => ({ host: "127.0.0.1", port: cabinet.port }),
    log,
  });
  attacker = createServer((_req, res) => {
    const target = `http://${GOST_SITE_HOST}.localhost:${gateway.port}/api/session`;
    res.writeHead(200, { "Content-Type": "text/html" }).end(`<!doctype html><script>
      window.done = Promise.all([
        fetch(${JSON.stringify(target)}, { credentials: "include", mode: "no-cors" }).then(() => "sent", (e) => String(e)),
        fetch(${JSON.stringify(target)}, { credentials: "include" }).then((r) => r.text(), (e) => String(e)),
      ]);
    </script>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--headless=new"] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  await new Promise((resolve) => attacker?.close(resolve));
  await sessions?.closeAll();
  await registry?.finalizeAll();
  await cabinet?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("GOST gateway in Chromium", () => {
  it("signs in by certificate, opens the reissue page, refuses other sites, and signs out", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(gateway.startUrl(GOST_SITE_HOST, "/lk/index.html"));
    await page.waitForSelector("[data-page=sign-in]");
    expect(page.url()).toBe(`http://${GOST_SITE_HOST}.localhost:${gateway.port}/auth/sign-in`);
    // A secure context: the cabinet's scripts get what they would get over https.
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    await page.click("[data-action=sign-in-by-certificate]");
    await page.waitForSelector("[data-block=profile]");
    expect(await page.textContent("[data-session=owner]")).toBe(fullName(cabinet.site.state.applicant));
    const accepted = cabinet.handshakes().filter((h) => h.result === "accepted");
    expect(accepted.at(-1)).toMatchObject({ subject: expect.stringContaining(cabinet.site.state.applicant.inn), suite: expect.stringMatching(/GOST/) });
    mkdirSync(join(TEST_OUTPUT, "gateway"), { recursive: true });
    await page.screenshot({ path: join(TEST_OUTPUT, "gateway", "signed-in.png"), fullPage: true });
    await page.click("[data-link=reissue]");
    await page.waitForURL(`http://${GOST_SITE_HOST}.localhost:${gateway.port}/lk/reissue.html`);
    await page.waitForSelector("[data-block=session]");

    // Other sites in the same browser, with the session cookie in the jar: another origin, and a .localhost sibling.
    for (const origin of [
      `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`,
      `http://evil.localhost:${(attacker.address() as AddressInfo).port}`,
    ]) {
      const other = await context.newPage();
      await other.goto(`${origin}/`);
      const [, readable] = await other.evaluate(() => (window as unknown as { done: Promise<[string, string]> }).done);
      expect(readable).not.toContain(cabinet.site.state.applicant.inn);
      await other.close();
    }
    const refusals = readFileSync(logPath, "utf8")
      .split("\n")
      .filter((l) => l.includes("gateway request refused"));
    expect(refusals.some((l) => l.includes('site="cross-site"') && l.includes(`origin="http://127.0.0.1:`))).toBe(true);
    expect(refusals.some((l) => l.includes('refusal="cross-site"') && l.includes(`origin="http://evil.localhost:`))).toBe(true);

    // The cabinet's sign-out passes through, then the session ends: its redirect already gets the closing page.
    await page.click("[data-action=sign-out]");
    await page.waitForSelector("body[data-error-code=GATEWAY_CLOSED]");
    expect(await page.textContent("h1")).toBe("Сеанс работы в личном кабинете через kep-bridge завершён. Причина: вы вышли из личного кабинета.");
    expect(gateway.stopReason).toBe("signed-out");
    await page.goto(`http://${GOST_SITE_HOST}.localhost:${gateway.port}/lk/index.html`);
    expect(await page.getAttribute("body", "data-error-code")).toBe("GATEWAY_CLOSED");
    await context.close();
  });
});
