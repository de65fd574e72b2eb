/**
 * A running GOST cabinet session as the user sees it, in real headless Chromium with the built
 * extension and host: the popup shows the cabinet's real host, the certificate, since when and the
 * idle time left, opens the cabinet and ends the session with «Выйти из кабинета» (the cabinet's
 * redirect rule goes, the popup offers sign-in again). A signature a page of the gateway's origin
 * asks for shows, in the confirmation window, that the connection is GOST TLS through kep-bridge and
 * which certificate the session signed in with; the same request from the plain-TLS cabinet
 * (https://lkip2.nalog.ru, another origin) shows no such mark.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addRootInOptions, signInThroughPopup } from "../fixtures/cabinet-sign-in.ts";
import { clickAndClose, launchWithExtension, type ExtensionBrowser } from "../fixtures/chromium.ts";
import { fullName } from "../fixtures/lk-site/applicant.ts";
import { GOST_SITE_HOST, startGostCabinet, type GostCabinet } from "../fixtures/lk-site/gost-cabinet.ts";
import { prepareTokenWithOldCertificate, type PreparedToken } from "../fixtures/lk-site/prepare-token.ts";
import { startLkSite, type LkSite } from "../fixtures/lk-site/server.ts";
import { SOFTTOKEN_LIB } from "../softtoken/harness.ts";

const GATEWAY_HOST = new RegExp(`^${GOST_SITE_HOST.replace(/\./g, "\\.")}\\.localhost:\\d+$`);
const spaced = (hex: string) => hex.toLowerCase().replace(/(..)(?=.)/g, "$1 ");

let cabinet: GostCabinet;
let plain: LkSite;
let browser: ExtensionBrowser;
let work: string;
let old: PreparedToken;
let signedIn: Page;

/** The extension's session rules, read in its service worker. */
async function sessionRules(): Promise<chrome.declarativeNetRequest.Rule[]> {
  const worker = browser.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${browser.extensionId}/`))!;
  return worker.evaluate(() => chrome.declarativeNetRequest.getSessionRules());
}

/** «Подписать и отправить» on the reissue page: returns the confirmation window's text and its GOST TLS mark, then cancels. */
async function signatureWindow(page: Page): Promise<{ origin: string; mark: string | null }> {
  await page.click("[data-link=reissue]");
  await page.waitForSelector(`[data-picker=certificate] option[value="${old.certificate.thumbprint}"]`, { state: "attached" });
  const consent = browser.nextConsent();
  await page.click("[data-action=sign-and-send]");
  const window_ = await consent;
  await window_.getByTestId("consent-approve").waitFor();
  const origin = await window_.getByTestId("consent-origin").innerText();
  const mark = (await window_.getByTestId("consent-gateway").count()) > 0 ? await window_.getByTestId("consent-gateway").innerText() : null;
  await clickAndClose(window_, "consent-cancel");
  return { origin, mark };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "kep-gateway-session-"));
  cabinet = await startGostCabinet();
  plain = await startLkSite();
  old = prepareTokenWithOldCertificate(join(work, "token"), cabinet.site, { daysLeft: 20 });
  browser = await launchWithExtension({
    env: { KEP_SOFTTOKEN_DIR: join(work, "token"), KEP_PKCS11_MODULES: SOFTTOKEN_LIB, KEP_GATEWAY_CONNECT: `${GOST_SITE_HOST}=127.0.0.1:${cabinet.port}` },
    args: plain.chromiumArgs,
  });
  await addRootInOptions(browser, cabinet.caCertificatePem, work);
  signedIn = await signInThroughPopup(browser, old.pins.pin);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await cabinet?.stop();
  await plain?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("a running GOST cabinet session", () => {
  it("marks the confirmation window of the cabinet's own signature as GOST TLS through kep-bridge, with the session's certificate", async () => {
    const viaGateway = await signatureWindow(signedIn);
    expect(viaGateway.origin).toBe(`https://${GOST_SITE_HOST}`);
    expect(viaGateway.mark).toBe(
      `Соединение ГОСТ TLS через kep-bridge\nВход в кабинет выполнен по сертификату: ${fullName(cabinet.site.state.applicant)} ${spaced(old.certificate.thumbprint)}`,
    );

    const page = await browser.context.newPage();
    await page.goto(`${plain.url}/lk/index.html`);
    const plainTls = await signatureWindow(page);
    expect(plainTls.origin).toBe(plain.url);
    expect(plainTls.mark).toBeNull();
    await page.close();
  });

  it("is shown in the popup, which opens the cabinet and signs out of it", async () => {
    const popup = await browser.openPopup();
    await popup.getByTestId("cabinet-session").waitFor();
    expect(await popup.getByTestId("cabinet-session-host").innerText()).toBe(`Личный кабинет ИП · https://${GOST_SITE_HOST}`);
    expect(await popup.getByTestId("cabinet-session-certificate").innerText()).toBe(fullName(cabinet.site.state.applicant));
    expect(await popup.getByTestId("cabinet-session-certificate").getAttribute("data-thumbprint")).toBe(old.certificate.thumbprint);
    expect(await popup.getByTestId("cabinet-session-idle").innerText()).toMatch(/^1[45] мин$/);
    expect(await popup.getByTestId("cabinet-session-since").innerText()).toMatch(/^\d\d\.\d\d\.\d{4} \d\d:\d\d$/);
    expect(await popup.getByTestId("cabinet-sign-in").count()).toBe(0);

    const opened = browser.context.waitForEvent("page", { predicate: (p) => GATEWAY_HOST.test(new URL(p.url()).host) || p.url() === "about:blank" });
    await popup.getByTestId("cabinet-session-open").click();
    const tab = await opened;
    await tab.waitForURL((url) => GATEWAY_HOST.test(url.host));
    await tab.goto(`${new URL(tab.url()).origin}/lk/index.html`);
    expect(await tab.textContent("[data-session=owner]")).toBe(fullName(cabinet.site.state.applicant));
    expect((await sessionRules()).some((r) => r.action.redirect?.regexSubstitution?.startsWith(new URL(tab.url()).origin))).toBe(true);

    await popup.getByTestId("cabinet-session-stop").click();
    expect(await popup.getByTestId("cabinet-sign-in").innerText()).toBe("Войти в личный кабинет по сертификату");
    expect(await popup.getByTestId("cabinet-session").count()).toBe(0);
    const rules = await sessionRules();
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((r) => r.action.redirect?.extensionPath !== undefined && r.action.redirect.regexSubstitution === undefined)).toBe(true);
    await tab.reload();
    await tab.waitForSelector("body[data-error-code=GATEWAY_CLOSED]");
    expect(await tab.locator("body").innerText()).toContain("сеанс завершён в окне kep-bridge");
    await popup.close();
  });
});
