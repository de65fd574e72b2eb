/**
 * Certificate sign-in to the GOST cabinet in real headless Firefox ESR with the built Firefox
 * extension and host: the CA certificate added in the options page, «Войти в личный кабинет по
 * сертификату» in the popup, the PIN in kep-bridge's confirmation window, the cabinet signed in on
 * its http://<cabinet>.localhost:PORT gateway origin, one of its absolute https links followed
 * through the extension's redirect rules, and sign-out, after which the cabinet's address, from the
 * gateway's page still open or typed, leads to the extension's explanation page.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ElementHandle, Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchFirefoxWithExtension, waitForElement, type FirefoxExtensionBrowser } from "../fixtures/firefox.ts";
import { fullName } from "../fixtures/lk-site/applicant.ts";
import { GOST_SITE_HOST, startGostCabinet, type GostCabinet } from "../fixtures/lk-site/gost-cabinet.ts";
import { prepareTokenWithOldCertificate } from "../fixtures/lk-site/prepare-token.ts";
import { TEST_OUTPUT } from "../fixtures/paths.ts";
import { SOFTTOKEN_LIB } from "../softtoken/harness.ts";

const SCREENSHOTS = join(TEST_OUTPUT, "e2e-firefox", "gateway");
const CABINET = `https://${GOST_SITE_HOST}`;
const GATEWAY_HOST = new RegExp(`^${GOST_SITE_HOST.replace(/\./g, "\\.")}\\.localhost:\\d+$`);

let cabinet: GostCabinet;
let firefox: FirefoxExtensionBrowser;
let work: string;
let signedIn: Page;

/** Puppeteer's BiDi frame, to navigate without waiting for a load event (Firefox sends none for moz-extension pages). */
interface BidiNavigable {
  browsingContext: { navigate(url: string, wait: "none"): Promise<void> };
}

/** The extension API an extension page has; the test reads the session rules through it. */
interface ExtensionGlobal {
  browser: { declarativeNetRequest: { getSessionRules(): Promise<{ action: { redirect?: { regexSubstitution?: string } } }[]> } };
}

/** Adds the cabinet's CA in the options page through its file input, as a user does. */
async function addRootInOptions(pem: string): Promise<void> {
  const file = join(work, "root.cer");
  writeFileSync(file, pem);
  const options = await firefox.openPage("src/options/index.html");
  await waitForElement(options, "[data-input=roots]");
  const input = (await options.$("[data-input=roots]")) as ElementHandle<HTMLInputElement>;
  await input.uploadFile(file);
  await waitForElement(options, "[data-list=roots] [data-thumbprint]");
  await options.close();
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "kep-firefox-gateway-"));
  mkdirSync(SCREENSHOTS, { recursive: true });
  cabinet = await startGostCabinet();
  prepareTokenWithOldCertificate(join(work, "token"), cabinet.site, { daysLeft: 20 });
  firefox = await launchFirefoxWithExtension({
    env: {
      KEP_SOFTTOKEN_DIR: join(work, "token"),
      KEP_PKCS11_MODULES: SOFTTOKEN_LIB,
      KEP_STATE_DIR: join(work, "state"),
      KEP_GATEWAY_CONNECT: `${GOST_SITE_HOST}=127.0.0.1:${cabinet.port}`,
    },
  });
  await addRootInOptions(cabinet.caCertificatePem);
}, 120_000);

afterAll(async () => {
  await firefox?.close();
  await cabinet?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("Firefox: GOST cabinet sign-in through the gateway", () => {
  it("signs in from the popup with the PIN in the confirmation window and lands signed in on the gateway origin", async () => {
    const popup = await firefox.openPopup();
    await waitForElement(popup, "[data-testid=cabinet-sign-in]");
    await popup.click("[data-testid=cabinet-sign-in]");
    await waitForElement(popup, "[data-testid=cabinet-sign-in-go]");
    const consent = firefox.nextConsent();
    await popup.click("[data-testid=cabinet-sign-in-go]");
    const window_ = await consent;
    await waitForElement(window_, "[data-testid=consent-origin]");
    expect(await window_.$eval("[data-testid=consent-origin]", (el) => el.textContent)).toBe(CABINET);
    expect(await window_.$eval("[data-testid=consent-owner]", (el) => el.textContent)).toBe(fullName(cabinet.site.state.applicant));
    await window_.type("[data-testid=consent-pin]", "12345678");
    await waitForElement(window_, "[data-testid=consent-approve]:not([disabled])");
    const tab = firefox.browser.waitForTarget((t) => t.type() === "page" && GATEWAY_HOST.test(new URL(t.url(), "about:blank").host), { timeout: 60_000 });
    await window_.click("[data-testid=consent-approve]");
    const page = await (await tab).page();
    if (!page) throw new Error("the cabinet's tab has no page");
    page.setDefaultTimeout(60_000);
    await page.waitForSelector("[data-page=sign-in]");
    await page.click("[data-action=sign-in-by-certificate]");
    await page.waitForSelector("[data-block=profile]");
    expect(new URL(page.url()).host).toMatch(GATEWAY_HOST);
    expect(await page.$eval("[data-session=owner]", (el) => el.textContent)).toBe(fullName(cabinet.site.state.applicant));
    expect(await page.$eval("[data-block=profile]", (el) => (el as HTMLElement).innerText)).toContain(cabinet.site.state.applicant.inn);
    await page.screenshot({ path: join(SCREENSHOTS, "cabinet-signed-in.png"), fullPage: true });
    signedIn = page;
    await popup.close();
  });

  it("loads the cabinet's absolute https script, stylesheet and image, and sends its fetch, XHR and form post, through the redirect", async () => {
    const gateway = new URL(signedIn.url()).origin;
    // Firefox, like Chromium, counts http://*.localhost as a secure context, so the cabinet's scripts get what they get over https.
    expect(await signedIn.evaluate(() => isSecureContext)).toBe(true);
    await signedIn.goto(`${gateway}/lk/absolute.html`);
    await signedIn.waitForSelector("body[data-script-loaded=true]");
    await signedIn.waitForFunction(() => document.querySelector<HTMLImageElement>("[data-probe=image]")?.naturalWidth === 16);
    expect(await signedIn.$eval(".test-banner", (el) => getComputedStyle(el).backgroundColor)).toBe("rgb(176, 0, 32)");
    const before = cabinet.site.state.messages.length;
    await signedIn.click("[data-action=scripts]");
    await signedIn.waitForFunction(() => document.querySelector("[data-result=xhr]")?.textContent !== "");
    expect(await signedIn.$eval("[data-result=fetch]", (el) => el.textContent)).toBe(fullName(cabinet.site.state.applicant));
    expect(await signedIn.$eval("[data-result=xhr]", (el) => el.textContent)).toBe(cabinet.site.state.applicant.inn);
    expect(await signedIn.$eval("[data-result=fetch-post]", (el) => el.textContent)).toBe(`201 ${before + 1}`);
    await Promise.all([signedIn.waitForNavigation(), signedIn.click("[data-action=post-form]")]);
    expect(signedIn.url()).toBe(`${gateway}/lk/absolute.html?sent=${before + 2}`);
    expect(cabinet.site.state.messages.slice(before).map((m) => m.text)).toEqual(["fetch", "form"]);
  });

  it("follows the cabinet's absolute https link to the same path on the gateway, still signed in", async () => {
    const gateway = new URL(signedIn.url()).origin;
    await Promise.all([signedIn.waitForNavigation(), signedIn.click("[data-link=absolute]")]);
    expect(signedIn.url()).toBe(`${gateway}/lk/index.html?from=absolute`);
    await signedIn.waitForSelector("[data-block=profile]");
    expect(await signedIn.$eval("[data-session=owner]", (el) => el.textContent)).toBe(fullName(cabinet.site.state.applicant));
  });

  it("signs out, after which the gateway refuses the session and the cabinet's address leads to the explanation page again", async () => {
    const gateway = new URL(signedIn.url()).origin;
    const popup = await firefox.openPopup();
    const redirectTargets = () =>
      popup.evaluate(async () => {
        const rules = await (globalThis as unknown as ExtensionGlobal).browser.declarativeNetRequest.getSessionRules();
        return rules.flatMap((rule) => rule.action.redirect?.regexSubstitution ?? []);
      });
    expect(await redirectTargets()).toEqual([`${gateway}\\1`]);
    await signedIn.goto(`${gateway}/lk/index.html`);
    await signedIn.waitForSelector("[data-action=sign-out]");
    await signedIn.click("[data-action=sign-out]");
    await signedIn.waitForSelector("body[data-error-code=GATEWAY_CLOSED]");
    await expect.poll(redirectTargets, { timeout: 15_000 }).toEqual([]);
    await popup.close();

    // The cabinet's own absolute link, on the page still open, and its address typed in a new tab now lead to the extension's page that explains sign-in.
    await signedIn.goBack();
    await signedIn.evaluate((url) => location.assign(url), `${CABINET}/lk/index.html`);
    await expect
      .poll(() => signedIn.evaluate(() => location.href).catch(() => ""), { timeout: 15_000 })
      .toBe(`${firefox.extensionBase}src/cabinet/index.html?host=${GOST_SITE_HOST}`);
    // The cabinet's address, typed in a new tab, now leads to the extension's page that explains sign-in.
    const tab = await firefox.browser.newPage();
    await (tab.mainFrame() as unknown as BidiNavigable).browsingContext.navigate(`${CABINET}/lk/index.html`, "none");
    await expect
      .poll(() => tab.evaluate(() => location.href).catch(() => ""), { timeout: 15_000 })
      .toBe(`${firefox.extensionBase}src/cabinet/index.html?host=${GOST_SITE_HOST}`);
    await waitForElement(tab, "[data-testid=cabinet-explanation]");
    await tab.close();
  });
});
