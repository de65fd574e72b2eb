import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResultOf } from "../../shared/protocol/index.ts";
import { launchWithExtension, type ExtensionBrowser } from "../fixtures/chromium.ts";
import { HostProcess } from "../fixtures/host-process.ts";
import { prepareTokenWithOldCertificate, type PreparedToken } from "../fixtures/lk-site/prepare-token.ts";
import { startLkSite, type LkSite } from "../fixtures/lk-site/server.ts";
import { TEST_OUTPUT } from "../fixtures/paths.ts";
import { ReissueDriver } from "../fixtures/reissue-driver.ts";
import { createSofttokenDir, SOFTTOKEN_LIB } from "../softtoken/harness.ts";

function ok<T>(response: { ok: boolean; result?: unknown; error?: unknown }): T {
  if (!response.ok) throw new Error(JSON.stringify(response.error));
  return response.result as T;
}

/**
 * A token with no room for the new key: the page shows the token's refusal, the assistant
 * says why and offers cleanup; once the outdated certificates and keys are gone, the same
 * step succeeds and the reissue completes.
 */
describe("reissue on a full token", () => {
  let site: LkSite;
  let browser: ExtensionBrowser;
  let tokenDir: string;
  let old: PreparedToken;
  let leftovers: PreparedToken[];
  const env = () => ({ KEP_SOFTTOKEN_DIR: tokenDir, KEP_PKCS11_MODULES: SOFTTOKEN_LIB });

  beforeAll(async () => {
    site = await startLkSite({ delays: { processingMs: 200 } });
    tokenDir = createSofttokenDir({ capacity: 1 << 20 });
    old = prepareTokenWithOldCertificate(tokenDir, site, { daysLeft: 20, initialise: true });
    leftovers = [-400, -30].map((daysLeft) => prepareTokenWithOldCertificate(tokenDir, site, { daysLeft, label: `старый ${daysLeft}` }));
    // Shrink the token to what it holds plus a little: no new key pair fits.
    const probe = new HostProcess(env());
    try {
      ok(await probe.handshake());
      const token = ok<ResultOf<"listTokens">>(await probe.request("listTokens")).tokens[0]!;
      const used = token.memory.totalPublic! - token.memory.freePublic!;
      const conf = join(tokenDir, "softtoken.conf");
      writeFileSync(conf, readFileSync(conf, "utf8").replace(/capacity=\d+/, `capacity=${used + 400}`));
    } finally {
      await probe.stop();
    }
    browser = await launchWithExtension({ env: env(), args: site.chromiumArgs });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it("refuses the key clearly, offers cleanup, and succeeds after it", async () => {
    const page = await browser.context.newPage();
    const driver = new ReissueDriver(browser, page, old.certificate.thumbprint);
    await page.goto(`${site.url}/lk/index.html`);
    await page.click("[data-link=reissue]");
    await driver.signAndSend(old.pins.pin);
    await page.waitForURL(/\/lk\/state\.html$/);
    await page.click("[data-action=step-1]", { timeout: 30_000 });

    const assistant = page.locator("kep-bridge-assistant .kep-assistant");
    await assistant.locator("text=не хватит места").waitFor({ timeout: 15_000 });
    expect(await assistant.locator("button", { hasText: "Очистить токен" }).count()).toBeGreaterThan(0);
    await driver.approve(() => page.click("[data-action=generate]"));
    const error = page.locator("[data-error]");
    await error.waitFor();
    expect(await error.innerText()).toMatch(/недостаточно памяти/);
    await page.screenshot({ path: join(TEST_OUTPUT, "e2e", "reissue-token-full.png"), fullPage: true });

    // The cleanup the assistant offers: the expired certificates and their keys.
    const cleaner = new HostProcess(env());
    try {
      ok(await cleaner.handshake());
      const token = ok<ResultOf<"listTokens">>(await cleaner.request("listTokens")).tokens[0]!;
      const ref = { module: token.module, serial: token.serial };
      ok(await cleaner.request("login", { token: ref, pin: old.pins.pin }));
      const items = leftovers.flatMap((l) => [
        { kind: "certificate" as const, thumbprint: l.certificate.thumbprint.toUpperCase() },
        { kind: "keyPair" as const, id: l.id },
      ]);
      const result = ok<ResultOf<"deleteObjects">>(await cleaner.request("deleteObjects", { token: ref, items }));
      expect(result.notDeleted).toEqual([]);
    } finally {
      await cleaner.stop();
    }

    await driver.approve(() => page.click("[data-action=retry]"));
    await page.waitForSelector("[data-state=request-ready]", { state: "visible" });
    await driver.signAndSend();
    await page.waitForURL(/\/lk\/state\.html$/);
    await page.click("[data-action=step-3]", { timeout: 30_000 });
    await driver.signAndSend();
    await page.waitForURL(/\/lk\/state\.html$/);
    await page.click("[data-action=step-4]", { timeout: 30_000 });
    await driver.signAndSend();
    await page.waitForURL(/step=5$/);
    await driver.approve(() => page.click("[data-action=write-to-token]"));
    await page.waitForSelector("[data-state=success]");
    expect(site.state.applications[0]?.stage).toBe("installed");
  });
});
