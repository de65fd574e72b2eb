import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResultOf } from "../../shared/protocol/index.ts";
import { clickAndClose, launchWithExtension, type ExtensionBrowser } from "../fixtures/chromium.ts";
import { ReissueDriver } from "../fixtures/reissue-driver.ts";
import { HostProcess } from "../fixtures/host-process.ts";
import { prepareTokenWithOldCertificate, type PreparedToken } from "../fixtures/lk-site/prepare-token.ts";
import { startLkSite, type LkSite } from "../fixtures/lk-site/server.ts";
import { TEST_OUTPUT } from "../fixtures/paths.ts";
import { createSofttokenDir, insertToken, removeToken, SOFTTOKEN_LIB } from "../softtoken/harness.ts";

const SHOTS = join(TEST_OUTPUT, "e2e");
const DAY = 86_400_000;

/**
 * The product's reason to exist, end to end: the local LK IP site (served as
 * https://lkip2.nalog.ru, calling only the CryptoPro plug-in API) walks the whole reissue
 * with our extension in real Chromium and the GOST software token holding an FNS-style
 * certificate that expires in 20 days. Every signature, the key generation and the
 * certificate write are approved in the extension's window; the site's CA (OpenSSL)
 * verifies every signed document.
 */
describe("certificate reissue in the tax service's cabinet", () => {
  let site: LkSite;
  let browser: ExtensionBrowser;
  let tokenDir: string;
  let old: PreparedToken;
  let page: Page;
  let driver: ReissueDriver;
  const approve = (click: () => Promise<void>, pin?: string) => driver.approve(click, pin);
  const signAndSend = (pin?: string) => driver.signAndSend(pin);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    site = await startLkSite({ delays: { processingMs: 300 } });
    tokenDir = createSofttokenDir({ capacity: 1 << 20 });
    old = prepareTokenWithOldCertificate(tokenDir, site, { daysLeft: 20, initialise: true });
    browser = await launchWithExtension({
      env: { KEP_SOFTTOKEN_DIR: tokenDir, KEP_PKCS11_MODULES: SOFTTOKEN_LIB, KEP_STATE_DIR: mkdtempSync(join(tmpdir(), "kep-state-")) },
      args: site.chromiumArgs,
    });
    page = await browser.context.newPage();
    driver = new ReissueDriver(browser, page, old.certificate.thumbprint, old.pins.pin);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it("signs the application after a cancelled attempt and a wrong PIN", async () => {
    await page.goto(`${site.url}/lk/index.html`);
    await page.click("[data-link=reissue]");
    const cancelled = browser.nextConsent();
    await page.waitForSelector(`[data-picker=certificate] option[value="${old.certificate.thumbprint}"]`, { state: "attached" });
    await page.click("[data-action=sign-and-send]");
    await clickAndClose(await cancelled, "consent-cancel");
    await page.waitForSelector("[data-error=cancelled]");
    expect(await page.textContent("[data-error=cancelled]")).toContain("0x8010006E");

    const consent = browser.nextConsent();
    await page.click("[data-action=retry]");
    const window_ = await consent;
    await window_.getByTestId("consent-pin").fill("00000000");
    await window_.getByTestId("consent-approve").click();
    await window_.locator("[data-code=PIN_INCORRECT]").waitFor();
    await window_.screenshot({ path: join(SHOTS, "reissue-wrong-pin.png") });
    await window_.getByTestId("consent-pin").fill(old.pins.pin);
    await clickAndClose(window_, "consent-approve");
    await page.waitForURL(/\/lk\/state\.html$/);
    expect(site.state.verifications.at(-1)?.ok).toBe(true);
  });

  it("generates the key on the token and sends the request", async () => {
    await page.click("[data-action=step-1]", { timeout: 15_000 });
    const shown = await approve(() => page.click("[data-action=generate]"));
    expect(shown).toContain("Создать новый ключ на токене");
    expect(shown).toContain("https://lkip2.nalog.ru");
    await page.waitForSelector("[data-state=request-ready]", { state: "visible" });
    await signAndSend();
    await page.waitForURL(/\/lk\/state\.html$/);
  });

  it("receives the certificate and revokes the old one", async () => {
    await page.click("[data-action=step-3]", { timeout: 15_000 });
    await signAndSend();
    await page.waitForURL(/\/lk\/state\.html$/);
    await page.click("[data-action=step-4]", { timeout: 15_000 });
    await signAndSend();
    await page.waitForURL(/step=5$/);
    expect(site.state.revocations.map((r) => r.serial)).toEqual([old.certificate.serial]);
  });

  it("writes the new certificate after the token was pulled out and put back", async () => {
    removeToken(tokenDir, 0);
    await page.click("[data-action=write-to-token]");
    await page.waitForSelector("[data-error]");
    insertToken(tokenDir, 0);
    const shown = await approve(() => page.click("[data-action=retry]"), old.pins.pin);
    expect(shown).toContain("Записать выданный сертификат на токен?");
    await page.waitForSelector("[data-state=success]");
    const assistant = page.locator("kep-bridge-assistant .kep-assistant");
    await assistant.locator("text=записан на токен рядом со своим ключом").waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(SHOTS, "reissue-success.png"), fullPage: true });
    expect(site.state.verifications.every((v) => v.ok)).toBe(true);
  });

  it("leaves the token with the new certificate next to its new key, and a complete journal", async () => {
    const issued = site.state.issued.find((c) => c.purpose === "reissue")!;
    const host = new HostProcess({ KEP_SOFTTOKEN_DIR: tokenDir, KEP_PKCS11_MODULES: SOFTTOKEN_LIB });
    try {
      await host.handshake();
      const listed = await host.request("listTokens");
      if (!listed.ok) throw new Error(listed.error.message);
      const token = (listed.result as ResultOf<"listTokens">).tokens[0]!;
      const response = await host.request("listObjects", { token: { module: token.module, serial: token.serial } });
      if (!response.ok) throw new Error(response.error.message);
      const objects = response.result as ResultOf<"listObjects">;
      const fresh = objects.certificates.find((c) => c.thumbprint === issued.thumbprint.toUpperCase());
      expect(fresh?.key?.by).toBe("both");
      expect(fresh?.key?.id).not.toBe(old.id);
      const daysLeft = Math.floor((new Date(issued.notAfter).getTime() - Date.now()) / DAY);
      expect(daysLeft).toBeGreaterThan(440);
    } finally {
      await host.stop();
    }
    const popup = await browser.openPopup();
    const journal = await popup.evaluate(
      () =>
        new Promise<{ status: string; steps: string[]; newThumbprint?: string; revokedThumbprint?: string; requestCsr?: string }[]>((resolve, reject) => {
          const open = indexedDB.open("kep-bridge");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const read = open.result.transaction("journal").objectStore("journal").getAll();
            read.onsuccess = () =>
              resolve(read.result.map((r: { status: string; steps: { step: string }[] }) => ({ ...r, steps: r.steps.map((s) => s.step) })));
          };
        }),
    );
    const run = journal.find((r) => r.newThumbprint === issued.thumbprint.toUpperCase());
    expect(run).toMatchObject({ status: "done", revokedThumbprint: old.certificate.thumbprint.toUpperCase() });
    expect(run?.requestCsr).toMatch(/BEGIN CERTIFICATE REQUEST/);
    for (const step of ["request", "install", "5:success:done"]) expect(run?.steps).toContain(step);
    await popup.locator(`[data-thumbprint="${issued.thumbprint.toUpperCase()}"]`).first().waitFor();
    expect(await popup.locator(".journal li[data-status=done]").first().textContent()).toContain(issued.thumbprint.toUpperCase());
    await popup.screenshot({ path: join(SHOTS, "reissue-popup-after.png"), fullPage: true });
  });
});
