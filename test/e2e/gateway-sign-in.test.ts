/**
 * Certificate sign-in to the GOST cabinet from the extension, in real headless Chromium with the
 * built extension and host: the popup's «Войти в личный кабинет по сертификату», the
 * confirmation window (real host name, GOST-TLS-through-kep-bridge mark, the certificate's
 * early expiry, the PIN, a wrong PIN retried there), the cabinet opening signed in through the
 * host's gateway, the five reissue steps there through the page API, and sign-out. Before that, the server's CA missing from the options page is
 * reported as such.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addRootInOptions } from "../fixtures/cabinet-sign-in.ts";
import { clickAndClose, launchWithExtension, type ExtensionBrowser } from "../fixtures/chromium.ts";
import { fullName } from "../fixtures/lk-site/applicant.ts";
import { GOST_SITE_HOST, startGostCabinet, type GostCabinet } from "../fixtures/lk-site/gost-cabinet.ts";
import { prepareTokenWithOldCertificate, type PreparedToken } from "../fixtures/lk-site/prepare-token.ts";
import { ReissueDriver } from "../fixtures/reissue-driver.ts";
import { TEST_OUTPUT } from "../fixtures/paths.ts";
import { SOFTTOKEN_LIB } from "../softtoken/harness.ts";

const SCREENSHOTS = join(TEST_OUTPUT, "e2e", "gateway");
const GATEWAY_MARK = "Соединение ГОСТ TLS через kep-bridge";

let cabinet: GostCabinet;
let browser: ExtensionBrowser;
let work: string;
let old: PreparedToken;

/** Opens the popup and asks to sign in with the token's one certificate. */
async function startSignIn(): Promise<Page> {
  const popup = await browser.openPopup();
  await popup.getByTestId("cabinet-sign-in").click();
  await popup.getByTestId("cabinet-sign-in-go").click();
  return popup;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "kep-gateway-sign-in-"));
  mkdirSync(SCREENSHOTS, { recursive: true });
  cabinet = await startGostCabinet({ delays: { processingMs: 300 } });
  const tokenDir = join(work, "token");
  old = prepareTokenWithOldCertificate(tokenDir, cabinet.site, { daysLeft: 20 });
  browser = await launchWithExtension({
    env: { KEP_SOFTTOKEN_DIR: tokenDir, KEP_PKCS11_MODULES: SOFTTOKEN_LIB, KEP_GATEWAY_CONNECT: `${GOST_SITE_HOST}=127.0.0.1:${cabinet.port}` },
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await cabinet?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("GOST cabinet sign-in from the extension", () => {
  it("says which CA certificate is missing before anything reaches the token", async () => {
    const popup = await startSignIn();
    await popup.locator("[role=alert][data-code=TLS_SERVER_UNTRUSTED]").waitFor();
    expect(await popup.locator("[role=alert]").innerText()).toContain("Добавьте корневой сертификат УЦ в настройках расширения");
    await popup.close();
  });

  it("refuses a server whose CA is not among the options page's certificates", async () => {
    await addRootInOptions(browser, cabinet.clientCaPem, work);
    const consent = browser.nextConsent();
    const popup = await startSignIn();
    const window_ = await consent;
    await window_.getByTestId("consent-pin").fill("12345678");
    await clickAndClose(window_, "consent-approve");
    await popup.locator("[role=alert][data-code=TLS_SERVER_UNTRUSTED]").waitFor();
    await popup.close();
  });

  it("signs in with the PIN typed in the confirmation window (a wrong one retried there), runs the reissue there, and signs out", async () => {
    await addRootInOptions(browser, cabinet.caCertificatePem, work);
    const consent = browser.nextConsent();
    const popup = await startSignIn();
    const window_ = await consent;
    await window_.getByTestId("consent-origin").waitFor();
    expect(await window_.getByTestId("consent-origin").innerText()).toBe(`https://${GOST_SITE_HOST}`);
    expect(await window_.getByTestId("consent-gateway").innerText()).toBe("Вход по сертификату, соединение ГОСТ TLS через kep-bridge");
    expect(await window_.getByTestId("consent-expires-soon").innerText()).toMatch(/^Сертификат истекает через (19|20) дн\./);
    expect(await window_.getByTestId("consent-owner").innerText()).toBe(fullName(cabinet.site.state.applicant));
    await window_.getByTestId("consent-pin").fill("87654321");
    await window_.getByTestId("consent-approve").click();
    await window_.locator("[role=alert][data-code=PIN_INCORRECT]").waitFor();
    await window_.screenshot({ path: join(SCREENSHOTS, "consent-sign-in.png") });
    const cabinetTab = browser.context.waitForEvent("page", {
      predicate: (p) => p.url().includes(".localhost:") || p.url() === "about:blank",
      timeout: 60_000,
    });
    await window_.getByTestId("consent-pin").fill("12345678");
    await clickAndClose(window_, "consent-approve");
    const page = await cabinetTab;
    page.setDefaultTimeout(60_000);
    await page.waitForSelector("[data-page=sign-in]");
    expect(new URL(page.url()).host).toMatch(new RegExp(`^${GOST_SITE_HOST.replace(/\./g, "\\.")}\\.localhost:\\d+$`));
    await page.click("[data-action=sign-in-by-certificate]");
    await page.waitForSelector("[data-block=profile]");
    expect(await page.textContent("[data-session=owner]")).toBe(fullName(cabinet.site.state.applicant));
    expect(
      cabinet
        .handshakes()
        .filter((h) => h.result === "accepted")
        .at(-1),
    ).toMatchObject({ subject: expect.stringContaining(cabinet.site.state.applicant.inn) });
    await page.screenshot({ path: join(SCREENSHOTS, "cabinet-signed-in.png"), fullPage: true });

    // The five reissue steps on the cabinet behind the gateway: the page API takes its origin for the real cabinet's.
    const driver = new ReissueDriver(browser, page, old.certificate.thumbprint, old.pins.pin);
    await page.click("[data-link=reissue]");
    expect(await driver.signAndSend()).toContain(`https://${GOST_SITE_HOST}`);
    await page.waitForURL(/\/lk\/state\.html$/);
    await page.click("[data-action=step-1]", { timeout: 15_000 });
    // Key generation and the certificate write are marked as the cabinet's over GOST TLS, as its signatures are.
    const keyWindow = await driver.approve(() => page.click("[data-action=generate]"));
    expect(keyWindow).toContain(`https://${GOST_SITE_HOST}`);
    expect(keyWindow).toContain(GATEWAY_MARK);
    await page.waitForSelector("[data-state=request-ready]", { state: "visible" });
    await driver.signAndSend();
    await page.waitForURL(/\/lk\/state\.html$/);
    await page.click("[data-action=step-3]", { timeout: 15_000 });
    await driver.signAndSend();
    await page.waitForURL(/\/lk\/state\.html$/);
    await page.click("[data-action=step-4]", { timeout: 15_000 });
    await driver.signAndSend();
    await page.waitForURL(/step=5$/);
    const writeWindow = await driver.approve(() => page.click("[data-action=write-to-token]"));
    expect(writeWindow).toContain("Записать выданный сертификат на токен?");
    expect(writeWindow).toContain(GATEWAY_MARK);
    await page.waitForSelector("[data-state=success]");
    await page.screenshot({ path: join(SCREENSHOTS, "cabinet-reissued.png"), fullPage: true });
    expect(cabinet.site.state.revocations.map((r) => r.serial)).toEqual([old.certificate.serial]);
    expect(cabinet.site.state.verifications.length).toBeGreaterThanOrEqual(4);
    expect(cabinet.site.state.verifications.every((v) => v.ok)).toBe(true);

    await page.goto(`${new URL(page.url()).origin}/lk/index.html`);
    await page.click("[data-action=sign-out]");
    await page.waitForSelector("body[data-error-code=GATEWAY_CLOSED]");
    await popup.close();
  });
});
