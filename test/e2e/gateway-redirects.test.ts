/**
 * The GOST cabinet's https address in real headless Chromium with the built extension and host:
 * before certificate sign-in it lands on the extension's explanation page, whose
 * «Войти в личный кабинет по сертификату» signs in; during the gateway session a link to it leads
 * to the same path and query on the gateway origin, while another site's links stay as they are;
 * after sign-out the redirect to the gateway is gone and the address leads to the explanation page
 * again. The gateway still refuses a request that arrives through that redirect (its URL chain
 * makes it cross-site for Sec-Fetch-Site), so what the cabinet answers there is not checked here.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addRootInOptions } from "../fixtures/cabinet-sign-in.ts";
import { clickAndClose, launchWithExtension, type ExtensionBrowser } from "../fixtures/chromium.ts";
import { fullName } from "../fixtures/lk-site/applicant.ts";
import { GOST_SITE_HOST, startGostCabinet, type GostCabinet } from "../fixtures/lk-site/gost-cabinet.ts";
import { prepareTokenWithOldCertificate } from "../fixtures/lk-site/prepare-token.ts";
import { SOFTTOKEN_LIB } from "../softtoken/harness.ts";

const CABINET = `https://${GOST_SITE_HOST}`;
const GATEWAY_HOST = new RegExp(`^${GOST_SITE_HOST.replace(/\./g, "\\.")}\\.localhost:\\d+$`);

let cabinet: GostCabinet;
let browser: ExtensionBrowser;
let work: string;
/** Another site: a page linking to the cabinet and to itself. */
let other: Server;
let otherOrigin: string;
let signedIn: Page;

const explanationUrl = () => `chrome-extension://${browser.extensionId}/src/cabinet/index.html?host=${GOST_SITE_HOST}`;

/** The extension's session rules, read in its service worker. */
async function sessionRules(): Promise<chrome.declarativeNetRequest.Rule[]> {
  const worker = browser.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${browser.extensionId}/`))!;
  return worker.evaluate(() => chrome.declarativeNetRequest.getSessionRules());
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "kep-gateway-redirects-"));
  cabinet = await startGostCabinet();
  prepareTokenWithOldCertificate(join(work, "token"), cabinet.site, { daysLeft: 20 });
  other = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(
      req.url === "/"
        ? `<a id="cabinet" href="${CABINET}/lk/index.html?from=link">ЛК ИП</a> <a id="self" href="/other.html">other</a>`
        : `<p id="here">${req.url ?? ""}</p>`,
    );
  });
  await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
  otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  browser = await launchWithExtension({
    env: { KEP_SOFTTOKEN_DIR: join(work, "token"), KEP_PKCS11_MODULES: SOFTTOKEN_LIB, KEP_GATEWAY_CONNECT: `${GOST_SITE_HOST}=127.0.0.1:${cabinet.port}` },
  });
  await addRootInOptions(browser, cabinet.caCertificatePem, work);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await cabinet?.stop();
  other?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("GOST cabinet addresses", () => {
  it("lead to the explanation page before sign-in, and it signs in", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${CABINET}/`);
    expect(page.url()).toBe(explanationUrl());
    await page.getByTestId("cabinet-explanation").waitFor();
    expect(await page.locator("h1").innerText()).toBe("Этот кабинет открывается только через kep-bridge");
    expect(await page.locator("p").first().innerText()).toContain(`Личный кабинет ИП (${CABINET})`);

    const other = await browser.context.newPage();
    await other.goto("https://lkulgost.nalog.ru/");
    expect(other.url()).toBe(`chrome-extension://${browser.extensionId}/src/cabinet/index.html?host=lkulgost.nalog.ru`);
    await other.getByTestId("cabinet-sign-in").click();
    expect(await other.getByTestId("cabinet-host").inputValue()).toBe("lkulgost.nalog.ru");
    await other.close();

    const consent = browser.nextConsent();
    await page.getByTestId("cabinet-sign-in").click();
    expect(await page.getByTestId("cabinet-host").inputValue()).toBe(GOST_SITE_HOST);
    await page.getByTestId("cabinet-sign-in-go").click();
    const window_ = await consent;
    expect(await window_.getByTestId("consent-origin").innerText()).toBe(CABINET);
    const cabinetTab = browser.context.waitForEvent("page", {
      predicate: (p) => p.url().includes(".localhost:") || p.url() === "about:blank",
      timeout: 60_000,
    });
    await window_.getByTestId("consent-pin").fill("12345678");
    await clickAndClose(window_, "consent-approve");
    signedIn = await cabinetTab;
    signedIn.setDefaultTimeout(60_000);
    await signedIn.waitForSelector("[data-page=sign-in]");
    await signedIn.click("[data-action=sign-in-by-certificate]");
    await signedIn.waitForSelector("[data-block=profile]");
    expect(new URL(signedIn.url()).host).toMatch(GATEWAY_HOST);
    expect(await signedIn.textContent("[data-session=owner]")).toBe(fullName(cabinet.site.state.applicant));
    await page.close();
  });

  it("lead to the same path and query on the gateway origin during the session; another site's links stay as they are", async () => {
    const gateway = new URL(signedIn.url()).origin;
    const rules = await sessionRules();
    expect(rules.filter((r) => r.action.redirect?.regexSubstitution !== undefined).map((r) => r.action.redirect!.regexSubstitution)).toEqual([`${gateway}\\1`]);

    const page = await browser.context.newPage();
    await page.goto(`${otherOrigin}/`);
    await page.click("#cabinet");
    await page.waitForURL(`${gateway}/lk/index.html?from=link`);

    await page.goto(`${otherOrigin}/`);
    await page.click("#self");
    await page.waitForSelector("#here");
    expect(page.url()).toBe(`${otherOrigin}/other.html`);
    await page.close();
  });

  it("lead to the explanation page again after sign-out, the gateway's redirect gone", async () => {
    await signedIn.goto(`${new URL(signedIn.url()).origin}/lk/index.html`);
    await signedIn.click("[data-action=sign-out]");
    await signedIn.waitForSelector("body[data-error-code=GATEWAY_CLOSED]");
    await expect.poll(async () => (await sessionRules()).filter((r) => r.action.redirect?.regexSubstitution !== undefined).length, { timeout: 15_000 }).toBe(0);
    const page = await browser.context.newPage();
    await page.goto(`${CABINET}/lk/index.html`);
    expect(page.url()).toBe(explanationUrl());
    await page.close();
  });
});
