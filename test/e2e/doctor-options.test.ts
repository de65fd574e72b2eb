import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchWithExtension, type ExtensionBrowser } from "../fixtures/chromium.ts";
import { TEST_OUTPUT } from "../fixtures/paths.ts";
import { createSoftHsmToken, type SoftHsmToken } from "../fixtures/softhsm-token.ts";

const SCREENSHOTS = join(TEST_OUTPUT, "e2e");

// The options page's support report, end to end: button → background → native host →
// doctor on a SoftHSM2 token → the text the user copies, with nothing personal in it.
describe("support report from the options page in headless Chromium", () => {
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

  it("collects the host's report and shows what was copied, without serials or owners", async () => {
    const page = await browser!.context.newPage();
    await page.goto(`chrome-extension://${browser!.extensionId}/src/options/index.html`);
    await page.getByRole("button", { name: "Скопировать отчёт для поддержки" }).click();
    const report = page.getByLabel("Текст отчёта");
    await expect.poll(() => report.inputValue(), { timeout: 30_000 }).toContain("Выводы:");
    const text = await report.inputValue();
    expect(text).toMatch(/^Расширение kep-bridge \d+\.\d+\.\d+, браузер: .*Chrome\//);
    expect(text).toContain("Отчёт kep-bridge для поддержки");
    expect(text).toContain("SoftHSM 2 — /usr/lib/softhsm/libsofthsm2.so");
    expect(text).toContain("NO_GOST");
    expect(text).toMatch(/серийный #[0-9a-f]{8}/);
    for (const personal of [token.serial, token.label, "Иванов", "771234567890"]) expect(text).not.toContain(personal);
    // Headless Chromium may refuse the clipboard; either way the user is told and sees the text.
    await expect
      .poll(() => page.locator("section[aria-labelledby=support-title] [role=status], section[aria-labelledby=support-title] [role=alert]").count())
      .toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, "options-support-report.png"), fullPage: true });
  });
});
