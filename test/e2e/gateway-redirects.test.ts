/**
 * The GOST cabinet's https address in real headless Chromium with the built extension and host:
 * before certificate sign-in it lands on the extension's explanation page, whose
 * «Войти в личный кабинет по сертификату» signs in; during the gateway session the cabinet's own
 * absolute https links, script, image, stylesheet, form post, fetch and XHR with credentials work
 * through the redirect to the gateway, while another site's link to the cabinet (or to the gateway's
 * port) gets a page offering to continue, and its form posts and fetches change nothing; after
 * sign-out the redirect to the gateway is gone and the address leads to the explanation page again.
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
/** Another site: a page linking, posting and fetching to the cabinet, to the gateway's port, and to itself. */
let other: Server;
let otherOrigin: string;
let signedIn: Page;
/** The running gateway's origin, once signed in: the other site's page names it too. */
let gateway = "http://gateway.invalid";

function otherSitePage(): string {
  const targets = { cabinet: CABINET, gateway };
  const forms = Object.entries(targets)
    .map(([name, base]) => `<form id="post-${name}" method="post" action="${base}/api/messages"><input name="text" value="from another site"></form>`)
    .join("");
  return `<a id="cabinet" href="${CABINET}/lk/index.html?from=link">ЛК ИП</a> <a id="gateway" href="${gateway}/lk/index.html?from=port">порт</a>
<a id="self" href="/other.html">other</a>${forms}
<img id="image" src="${CABINET}/lk/mark.svg">
<script>
  window.fetchAll = () => Promise.all(${JSON.stringify(Object.values(targets))}.flatMap((base) => [
    fetch(base + "/api/messages", { method: "POST", mode: "no-cors", credentials: "include", body: "text=fetch" }).then(() => "sent", (e) => String(e)),
    fetch(base + "/api/session", { credentials: "include" }).then((r) => r.text(), (e) => String(e)),
  ]));
</script>`;
}

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
    res.end(req.url === "/" ? otherSitePage() : `<p id="here">${req.url ?? ""}</p>`);
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
    await other.goto("https://lkul.nalog.ru/");
    expect(other.url()).toBe(`chrome-extension://${browser.extensionId}/src/cabinet/index.html?host=lkul.nalog.ru`);
    await other.getByTestId("cabinet-sign-in").click();
    expect(await other.getByTestId("cabinet-host").inputValue()).toBe("lkul.nalog.ru");
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

  it("lead to the same path and query on the gateway origin during the session; another site's links to it ask to continue", async () => {
    gateway = new URL(signedIn.url()).origin;
    const rules = await sessionRules();
    expect(rules.filter((r) => r.action.redirect?.regexSubstitution !== undefined).map((r) => r.action.redirect!.regexSubstitution)).toEqual([`${gateway}\\1`]);
    expect(rules.filter((r) => r.action.type === "modifyHeaders").map((r) => r.condition.initiatorDomains)).toEqual([[`${GOST_SITE_HOST}.localhost`]]);

    const page = await browser.context.newPage();
    await page.goto(`${otherOrigin}/`);
    await page.click("#cabinet");
    await page.waitForURL(`${gateway}/lk/index.html?from=link`);
    await page.waitForSelector("body[data-page=continue]");
    expect(await page.locator("code").innerText()).toBe(`${CABINET}/lk/index.html?from=link`);
    await page.click("[data-action=continue]");
    await page.waitForSelector("[data-block=profile]");
    expect(page.url()).toBe(`${gateway}/lk/index.html?from=link`);

    await page.goto(`${otherOrigin}/`);
    await page.click("#gateway");
    await page.waitForSelector("body[data-page=continue]");
    expect(page.url()).toBe(`${gateway}/lk/index.html?from=port`);

    await page.goto(`${otherOrigin}/`);
    await page.click("#self");
    await page.waitForSelector("#here");
    expect(page.url()).toBe(`${otherOrigin}/other.html`);
    await page.close();
  });

  it("work as the signed-in cabinet's own absolute links, script, image, form post, fetch and XHR", async () => {
    const before = cabinet.site.state.messages.length;
    // The page's stylesheet, script and image are at https://<cabinet>, and the script and image open only for a signed-in user.
    await signedIn.goto(`${gateway}/lk/absolute.html`);
    await signedIn.waitForSelector("body[data-script-loaded=true]");
    await expect.poll(() => signedIn.locator("[data-probe=image]").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(16);
    expect(await signedIn.locator(".test-banner").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(176, 0, 32)");

    await signedIn.click("[data-action=scripts]");
    await expect.poll(() => signedIn.locator("[data-result=xhr]").innerText()).not.toBe("");
    expect(await signedIn.locator("[data-result=fetch]").innerText()).toBe(fullName(cabinet.site.state.applicant));
    expect(await signedIn.locator("[data-result=fetch-post]").innerText()).toBe(`201 ${before + 1}`);
    expect(await signedIn.locator("[data-result=xhr]").innerText()).toBe(cabinet.site.state.applicant.inn);

    await signedIn.click("[data-action=post-form]");
    await signedIn.waitForURL(`${gateway}/lk/absolute.html?sent=${before + 2}`);
    expect(cabinet.site.state.messages.slice(before).map((m) => m.text)).toEqual(["fetch", "form"]);

    await signedIn.click("[data-link=absolute]");
    await signedIn.waitForURL(`${gateway}/lk/index.html?from=absolute`);
    await signedIn.waitForSelector("[data-block=profile]");
  });

  it("change nothing when another site's page posts or fetches to the cabinet or the gateway's port", async () => {
    const before = cabinet.site.state.messages.length;
    const page = await browser.context.newPage();
    await page.goto(`${otherOrigin}/`);
    const results = await page.evaluate(() => (window as unknown as { fetchAll(): Promise<string[]> }).fetchAll());
    // Sent or failed, the posts reach nobody who acts on them, and no read returns the session.
    expect(results.filter((r) => r.includes(cabinet.site.state.applicant.inn))).toEqual([]);
    expect(await page.locator("#image").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(0);
    for (const form of ["#post-cabinet", "#post-gateway"]) {
      await page.goto(`${otherOrigin}/`);
      await Promise.all([page.waitForEvent("load"), page.locator(form).evaluate((f: HTMLFormElement) => f.submit())]);
      expect(await page.locator("body").getAttribute("data-error-code"), form).toBe("GATEWAY_REFUSED");
    }
    expect(cabinet.site.state.messages.length).toBe(before);
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
