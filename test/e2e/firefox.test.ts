import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConnectProxy, type ConnectProxy } from "../fixtures/connect-proxy.ts";
import { launchFirefoxWithExtension, waitForElement, type FirefoxExtensionBrowser } from "../fixtures/firefox.ts";
import { fullName } from "../fixtures/lk-site/applicant.ts";
import { prepareTokenWithOldCertificate } from "../fixtures/lk-site/prepare-token.ts";
import { startLkSite, type LkSite } from "../fixtures/lk-site/server.ts";
import { SITE_HOST } from "../fixtures/lk-site/tls.ts";
import { TEST_OUTPUT } from "../fixtures/paths.ts";
import { createSofttokenDir, SOFTTOKEN_LIB } from "../softtoken/harness.ts";
import { openssl } from "../softtoken/provision/openssl.ts";

const SCREENSHOTS = join(TEST_OUTPUT, "e2e-firefox");
const DOCUMENT = "Заявление на перевыпуск сертификата";

/** Waits until the web page's address matches, with its own location (a web page, so puppeteer can watch it). */
async function waitForPath(page: Page, pattern: RegExp): Promise<void> {
  await page.waitForFunction((source) => new RegExp(source).test(location.pathname + location.search), { timeout: 30_000, polling: 100 }, pattern.source);
}

/** The extension API the popup page has; the test reads the badge through it. */
interface ExtensionGlobal {
  chrome: { action: { getBadgeText(details: object): Promise<string> } };
}

/** The part of window.kepBridge this test calls (documented in extension/src/page-api/README.md). */
interface KepBridgePage {
  kepBridge: {
    listCertificates(): Promise<{ thumbprint: string; hasPrivateKey: boolean }[]>;
    sign(request: { thumbprint: string; data: string; detached: boolean }): Promise<ArrayBuffer>;
  };
}

// Debian's firefox-esr, headless over WebDriver BiDi, with the Firefox build installed as a
// temporary add-on and the built host registered where Firefox looks for it: the same popup,
// page API, wizard and confirmation window as in Chromium, judged by OpenSSL with the GOST engine.
describe("Firefox: popup, page API, reissue wizard and confirmation window", () => {
  let site: LkSite;
  let proxy: ConnectProxy;
  let firefox: FirefoxExtensionBrowser;
  let thumbprint: string;
  let owner: string;
  /** The token's state, the host's log and OpenSSL's files, removed after the run. */
  let workDir: string;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    workDir = mkdtempSync(join(tmpdir(), "kep-firefox-e2e-"));
    site = await startLkSite({ delays: { processingMs: 200 } });
    const tokenDir = join(workDir, "token");
    mkdirSync(tokenDir);
    createSofttokenDir({ dir: tokenDir, capacity: 1 << 20 });
    const prepared = prepareTokenWithOldCertificate(tokenDir, site, { daysLeft: 20, initialise: true });
    thumbprint = prepared.certificate.thumbprint.toUpperCase();
    owner = fullName(site.state.applicant);
    proxy = await startConnectProxy(SITE_HOST, site.port);
    firefox = await launchFirefoxWithExtension({
      env: { KEP_SOFTTOKEN_DIR: tokenDir, KEP_PKCS11_MODULES: SOFTTOKEN_LIB, KEP_STATE_DIR: join(workDir, "state") },
      proxyPort: proxy.port,
    });
  });

  afterAll(async () => {
    await firefox?.close();
    await proxy?.close();
    await site?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("lists the soft token's certificate in the popup, with its key on the token", async () => {
    const popup = await firefox.openPopup();
    const selector = `.certificate[data-thumbprint="${thumbprint}"]`;
    await waitForElement(popup, selector);
    expect(await popup.$$eval(".certificate", (items) => items.length)).toBe(1);
    const text = await popup.$eval(selector, (el) => (el as HTMLElement).innerText);
    expect(text).toContain(owner);
    // Firefox in Russian (its language pack) gives the extension's Russian texts.
    expect(text).toMatch(/осталось \d+ дн/);
    expect(await popup.$eval(`${selector} .key`, (el) => el.className)).toContain("key-present");
    await popup.screenshot({ path: join(SCREENSHOTS, "popup.png"), fullPage: true });

    // The expiry watch ran on what the popup listed: the badge shows the days left, and the
    // notification for the 30-day threshold was created (recorded only once Firefox took it).
    const daysLeft = /осталось (\d+) дн/.exec(text)![1];
    await expect
      .poll(() => popup.evaluate(() => (globalThis as unknown as ExtensionGlobal).chrome.action.getBadgeText({})), { timeout: 10_000 })
      .toBe(daysLeft);
    const sentThresholds = () =>
      popup.evaluate(
        (tp) =>
          new Promise<number[]>((resolve, reject) => {
            const open = indexedDB.open("kep-bridge");
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const all = open.result.transaction("notificationsSent").objectStore("notificationsSent").getAll();
              all.onerror = () => reject(all.error);
              all.onsuccess = () => {
                open.result.close();
                resolve((all.result as { thumbprint: string; threshold: number }[]).filter((r) => r.thumbprint === tp).map((r) => r.threshold));
              };
            };
          }),
        thumbprint,
      );
    await expect.poll(sentThresholds, { timeout: 10_000 }).toContain(30);
    await popup.close();
  });

  it("signs on the tax service's page only after approval in the confirmation window; OpenSSL verifies the CMS", async () => {
    const page = await firefox.browser.newPage();
    await page.goto(`${site.url}/`);
    expect(new URL(page.url()).origin).toBe(`https://${SITE_HOST}`);
    const listed = await page.evaluate(async () =>
      (await (window as unknown as KepBridgePage).kepBridge.listCertificates()).map((c) => ({ thumbprint: c.thumbprint, hasPrivateKey: c.hasPrivateKey })),
    );
    expect(listed).toEqual([{ thumbprint, hasPrivateKey: true }]);

    const consent = firefox.nextConsent();
    const signed = page.evaluate(
      async (tp, data) => {
        const cms = await (window as unknown as KepBridgePage).kepBridge.sign({ thumbprint: tp, data, detached: false });
        return Array.from(new Uint8Array(cms));
      },
      thumbprint,
      DOCUMENT,
    );
    const window_ = await consent;
    await waitForElement(window_, "[data-testid=consent-origin]");
    expect(await window_.$eval("[data-testid=consent-origin]", (el) => el.textContent)).toBe(`https://${SITE_HOST}`);
    const shown = (await window_.$eval("[data-testid=consent-digest]", (el) => el.textContent ?? "")).replace(/\s/g, "").toLowerCase();
    const expected = openssl(mkdtempSync(join(workDir, "openssl-"))).run(["dgst", "-md_gost12_256", "-r"], Buffer.from(DOCUMENT));
    expect(shown).toBe(expected.toString("utf8").split(" ")[0]);
    await window_.type("[data-testid=consent-pin]", "12345678");
    // Approve is armed only a moment after the window has the focus (against click-jacking).
    await waitForElement(window_, "[data-testid=consent-approve]:not([disabled])");
    await window_.screenshot({ path: join(SCREENSHOTS, "consent-sign.png") });
    await window_.click("[data-testid=consent-approve]");

    const cms = Buffer.from(await signed);
    const ssl = openssl(mkdtempSync(join(workDir, "openssl-")));
    writeFileSync(join(ssl.dir, "ca.pem"), site.ca.pem);
    const content = ssl.run(["cms", "-verify", "-inform", "DER", "-CAfile", "ca.pem", "-purpose", "any", "-cades"], cms);
    expect(content.toString("utf8")).toBe(DOCUMENT);
  });

  it("walks the site's whole reissue wizard through window.cadesplugin, each step approved in the confirmation window", async () => {
    const page = await firefox.browser.newPage();
    const atState = () => waitForPath(page, /\/lk\/state\.html$/);
    /** Starts `click`, approves the window it opens (the PIN only if the token asks again), returns the window's text. */
    const approve = async (click: () => Promise<void>): Promise<string> => {
      const consent = firefox.nextConsent();
      consent.catch(() => undefined);
      await click();
      const window_ = await consent;
      await waitForElement(window_, "[data-testid=consent-approve]:not([disabled])");
      const text = await window_.$eval("body", (el) => (el as HTMLElement).innerText);
      if (await window_.$("[data-testid=consent-pin]")) await window_.type("[data-testid=consent-pin]", "12345678");
      await window_.click("[data-testid=consent-approve]");
      return text;
    };
    const press = async (selector: string) => {
      await page.waitForSelector(selector, { visible: true, timeout: 30_000 });
      await page.click(selector);
    };
    const signAndSend = () =>
      approve(async () => {
        await page.waitForSelector(`[data-picker=certificate] option[value="${thumbprint}"]`, { timeout: 30_000 });
        await page.click("[data-action=sign-and-send]");
      });

    await page.goto(`${site.url}/lk/index.html`);
    await Promise.all([page.waitForNavigation(), page.click("[data-link=reissue]")]);
    await signAndSend();
    await atState();
    await press("[data-action=step-1]");
    expect(await approve(() => press("[data-action=generate]"))).toContain("https://lkip2.nalog.ru");
    await page.waitForSelector("[data-state=request-ready]", { visible: true, timeout: 30_000 });
    await signAndSend();
    await atState();
    await press("[data-action=step-3]");
    await signAndSend();
    await atState();
    await press("[data-action=step-4]");
    await signAndSend();
    await waitForPath(page, /step=5$/);
    await approve(() => press("[data-action=write-to-token]"));
    await page.waitForSelector("[data-state=success]", { timeout: 30_000 });
    await page.screenshot({ path: join(SCREENSHOTS, "reissue-done.png"), fullPage: true });

    // The site's CA (OpenSSL) verified every signed document and the request.
    expect(site.state.verifications.map((v) => v.kind)).toEqual(expect.arrayContaining(["application", "request", "receipt", "revocation"]));
    expect(site.state.verifications.every((v) => v.ok)).toBe(true);
    expect(site.state.revocations).toHaveLength(1);
    const issued = site.state.issued.find((record) => record.purpose === "reissue")!;
    const popup = await firefox.openPopup();
    await waitForElement(popup, `.certificate[data-thumbprint="${issued.thumbprint.toUpperCase()}"] .key.key-present`);
    await popup.close();
  });

  it("rejects with the plug-in's cancel code when the user declines", async () => {
    const page = await firefox.browser.newPage();
    await page.goto(`${site.url}/`);
    const consent = firefox.nextConsent();
    const outcome = page.evaluate(async (tp) => {
      try {
        await (window as unknown as KepBridgePage).kepBridge.sign({ thumbprint: tp, data: "x", detached: true });
        return "signed";
      } catch (error) {
        return String((error as Error).message);
      }
    }, thumbprint);
    const window_ = await consent;
    await waitForElement(window_, "[data-testid=consent-cancel]");
    await window_.click("[data-testid=consent-cancel]");
    expect(await outcome).toMatch(/0x8010006E/);
  });
});

describe("Firefox without the host installed", () => {
  it("tells the user to install the host, from Firefox's own disconnect reason", async () => {
    const firefox = await launchFirefoxWithExtension({ env: {}, registerHost: false });
    try {
      const popup = await firefox.openPopup();
      await waitForElement(popup, '[data-code="HOST_NOT_FOUND"]');
      expect(await popup.$eval('[data-code="HOST_NOT_FOUND"]', (el) => (el as HTMLElement).innerText)).toContain("npm run install-host");
      await popup.screenshot({ path: join(SCREENSHOTS, "popup-host-not-found.png"), fullPage: true });
    } finally {
      await firefox.close();
    }
  });
});
