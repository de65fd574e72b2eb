import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchWithExtension, type ExtensionBrowser } from "../fixtures/chromium.ts";
import { TEST_OUTPUT } from "../fixtures/paths.ts";
import { createSoftHsmToken, SOFTHSM_MODULE, USER_PIN, type SoftHsmToken } from "../fixtures/softhsm-token.ts";

const SCREENSHOTS = join(TEST_OUTPUT, "e2e");

/** The parts of the extension API these tests call inside the popup. */
interface PopupChrome {
  chrome: {
    storage: { session: { get(key: string): Promise<Record<string, unknown>> } };
    runtime: { sendMessage(message: { kind: string }): Promise<unknown> };
  };
}

// Real Debian Chromium, the built extension, the built host registered in the profile,
// and a SoftHSM2 token: the popup must show exactly what the test put on the token.
describe("popup in headless Chromium", () => {
  let token: SoftHsmToken;
  let browser: ExtensionBrowser | undefined;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    token = await createSoftHsmToken();
    browser = await launchWithExtension({ env: { ...token.env, KEP_STATE_DIR: mkdtempSync(join(tmpdir(), "kep-state-")) } });
  });

  afterAll(async () => {
    await browser?.close();
    token?.cleanup();
  });

  it("loads the extension under its fixed development id", () => {
    expect(browser!.extensionId).toBe("ndkcibfpbpclokaippfdmhggipaeolnm");
  });

  it("lists every certificate on the token with its days left and key", async () => {
    const page = await browser!.openPopup();
    await page
      .locator(".certificate")
      .nth(token.certificates.length - 1)
      .waitFor({ timeout: 30_000 });
    expect(await page.locator(".certificate").count()).toBe(token.certificates.length);
    const card = page.locator(`.token[data-serial="${token.serial}"]`);
    await expect.poll(() => card.locator(".token-title").innerText()).toBe(token.label);
    expect(await card.locator(".token-meta").innerText()).toContain(token.serial);
    // SoftHSM2 always offers one more slot with a token never initialised: it is shown as such.
    expect(await page.locator('.token-unusable[data-state="uninitialized"]').innerText()).toContain("Токен не инициализирован");

    for (const placed of token.certificates) {
      const item = page.locator(`.certificate[data-thumbprint="${placed.thumbprint}"]`);
      expect(await item.locator(".days-left").getAttribute("data-days-left"), placed.spec.label).toBe(String(placed.spec.daysLeft));
      const urgency = placed.spec.daysLeft < 0 ? "expired" : placed.spec.daysLeft < 8 ? "urgent" : placed.spec.daysLeft < 30 ? "soon" : "ok";
      expect(await item.getAttribute("class")).toContain(`urgency-${urgency}`);
      expect(await item.locator(".certificate-issuer").innerText()).toContain("Тестовый УЦ kep-bridge");
      expect(await item.locator(".key").getAttribute("class")).toContain(placed.spec.withKey ? "key-present" : "key-missing");
    }
    const texts = await page.locator(".certificate").allInnerTexts();
    expect(texts.join("\n")).toMatch(/Иванов Иван Иванович/);
    expect(texts.join("\n")).toMatch(/осталось 10 дней/);
    expect(texts.join("\n")).toMatch(/истёк 5 дней назад/);
    await page.screenshot({ path: join(SCREENSHOTS, "popup.png"), fullPage: true });
  });

  it("opens on the cached list with every control disabled, then shows what the token holds now", async () => {
    const cached = await browser!.openPopup();
    await cached.waitForFunction(async () => (await (globalThis as unknown as PopupChrome).chrome.storage.session.get("popupModel")).popupModel !== undefined);
    await cached.close();
    const [gone, ...kept] = token.certificates;
    execFileSync("pkcs11-tool", ["--module", SOFTHSM_MODULE, "--login", "--pin", USER_PIN, "--delete-object", "--type", "cert", "--id", gone!.id], {
      env: { ...process.env, ...token.env },
      stdio: "pipe",
    });

    // The fresh answer is held back until the cached view has been looked at, so that view is always there to check.
    const page = await browser!.context.newPage();
    await page.addInitScript(() => {
      const runtime = (globalThis as unknown as PopupChrome).chrome.runtime;
      const send = runtime.sendMessage.bind(runtime);
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      (globalThis as unknown as { releaseFresh: () => void }).releaseFresh = release;
      runtime.sendMessage = (message) => (message.kind === "popup" ? released.then(() => send(message)) : send(message));
    });
    await page.goto(`chrome-extension://${browser!.extensionId}/src/popup/index.html`);
    await page.locator(".refreshing").waitFor({ timeout: 30_000 });
    expect(await page.locator(".refreshing").innerText()).toBe("Список обновляется…");
    expect(await page.locator(`.certificate[data-thumbprint="${gone!.thumbprint}"]`).count()).toBe(1);
    const controls = page.locator("fieldset.model button, fieldset.model input");
    expect(await controls.count()).toBeGreaterThan(token.certificates.length);
    expect(await page.locator("fieldset.model :is(button, input):enabled").count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, "popup-cached.png"), fullPage: true });

    await page.evaluate(() => (globalThis as unknown as { releaseFresh: () => void }).releaseFresh());
    await page.waitForFunction(() => performance.getEntriesByName("kep:popup-fresh").length > 0, undefined, { timeout: 30_000 });
    expect(await page.locator(".refreshing").count()).toBe(0);
    expect(await page.locator(`.certificate[data-thumbprint="${gone!.thumbprint}"]`).count()).toBe(0);
    expect(await page.locator(".certificate").count()).toBe(kept.length);
    expect(await page.locator(".cleanup-open").isEnabled()).toBe(true);
    await page.close();
  });
});

describe("popup without the host installed", () => {
  it("tells the user to run the installer", async () => {
    const browser = await launchWithExtension({ env: {}, registerHost: false });
    try {
      const page = await browser.openPopup();
      const notice = page.locator('[data-code="HOST_NOT_FOUND"]');
      await notice.waitFor({ timeout: 30_000 });
      expect(await notice.innerText()).toContain("npm run install-host");
      await page.screenshot({ path: join(SCREENSHOTS, "popup-host-not-found.png"), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
