import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchWithExtension, type ExtensionBrowser } from "../fixtures/chromium.ts";
import { prepareTokenWithOldCertificate } from "../fixtures/lk-site/prepare-token.ts";
import { startLkSite, type LkSite } from "../fixtures/lk-site/server.ts";
import { TEST_OUTPUT } from "../fixtures/paths.ts";
import { createSofttokenDir, SOFTTOKEN_LIB } from "../softtoken/harness.ts";

/**
 * Guards around the reissue: a second token makes the assistant stop the user, and the
 * same pages served from a site that is not an FNS cabinet get no plug-in at all.
 */
describe("reissue guards", () => {
  let site: LkSite;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    site = await startLkSite({ delays: { processingMs: 200 } });
    const tokenDir = createSofttokenDir({ capacity: 1 << 20, slots: 2, emptySlots: [] });
    prepareTokenWithOldCertificate(tokenDir, site, { daysLeft: 20, initialise: true, slot: 0 });
    prepareTokenWithOldCertificate(tokenDir, site, { daysLeft: 200, initialise: true, slot: 1, label: "Второй токен" });
    browser = await launchWithExtension({
      env: { KEP_SOFTTOKEN_DIR: tokenDir, KEP_PKCS11_MODULES: SOFTTOKEN_LIB },
      // The same site also answers as lk.example.org: identical pages, an origin that is not an FNS cabinet.
      args: [`--host-resolver-rules=MAP lkip2.nalog.ru 127.0.0.1:${site.port}, MAP lk.example.org 127.0.0.1:${site.port}`, "--ignore-certificate-errors"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it("stops the user when two tokens are inserted", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/lk/index.html`);
    await page.click("[data-link=reissue]");
    const assistant = page.locator("kep-bridge-assistant .kep-assistant");
    await assistant.locator("text=Вставлено токенов: 2").waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(TEST_OUTPUT, "e2e", "reissue-two-tokens.png"), fullPage: true });
  });

  it("gives a page on another origin neither the plug-in nor the assistant", async () => {
    const page = await browser.context.newPage();
    await page.goto("https://lk.example.org/lk/reissue.html");
    await page.waitForSelector("[data-error=plugin-missing]", { timeout: 15_000 });
    expect(await page.evaluate(() => [typeof (window as { cadesplugin?: unknown }).cadesplugin, typeof (window as { kepBridge?: unknown }).kepBridge])).toEqual(
      ["undefined", "undefined"],
    );
    expect(await page.locator("kep-bridge-assistant").count()).toBe(0);
  });
});
