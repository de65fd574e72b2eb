import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { launchWithExtension } from "../test/fixtures/chromium.ts";
import { prepareTokenWithOldCertificate } from "../test/fixtures/lk-site/prepare-token.ts";
import { startLkSite } from "../test/fixtures/lk-site/server.ts";
import { TEST_OUTPUT } from "../test/fixtures/paths.ts";
import { ReissueDriver } from "../test/fixtures/reissue-driver.ts";
import { buildSofttoken, createSofttokenDir, SOFTTOKEN_LIB } from "../test/softtoken/harness.ts";

/**
 * The product's main job on its embedded default: a КЭП reissue in the tax service's
 * cabinet, with the local LK IP test site (served as https://lkip2.nalog.ru) and the GOST
 * software token (a TEST fixture) holding an FNS-style certificate that expires in 20
 * days. Headless it walks the whole wizard, printing each step and saving screenshots;
 * with a display it opens the browser for the user to click through.
 */
const out = join(TEST_OUTPUT, "demo");
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "token"), { recursive: true });
const headless = !process.env.DISPLAY || process.argv.includes("--headless");

buildSofttoken();
// The site starts first: its TLS context must exist before the token library is loaded in this process.
const site = await startLkSite({ delays: { processingMs: headless ? 500 : 5000 } });
const tokenDir = createSofttokenDir({ capacity: 1 << 20, dir: join(out, "token") });
const old = prepareTokenWithOldCertificate(tokenDir, site, { daysLeft: 20, initialise: true });
console.log("Тестовый ГОСТ-токен (kep-bridge SoftToken TEST) с сертификатом, который истекает через 20 дней.");
console.log(`Test GOST token with a certificate expiring in 20 days; PIN ${old.pins.pin}.`);

const browser = await launchWithExtension({
  env: { KEP_SOFTTOKEN_DIR: tokenDir, KEP_PKCS11_MODULES: SOFTTOKEN_LIB, KEP_STATE_DIR: join(out, "state") },
  args: site.chromiumArgs,
  headless,
});
try {
  const page = await browser.context.newPage();
  if (headless) {
    const driver = new ReissueDriver(browser, page, old.certificate.thumbprint);
    let shot = 0;
    await driver.run(site.url, old.pins.pin, async (step) => {
      const file = join(out, `step-${++shot}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`  ${step}\n     ${file}`);
    });
    const popup = await browser.openPopup();
    await popup.locator(".certificate").first().waitFor();
    await popup.screenshot({ path: join(out, "popup.png"), fullPage: true });
    console.log(`\nОкно расширения после перевыпуска / the popup after the reissue: ${join(out, "popup.png")}`);
  } else {
    await page.goto(`${site.url}/lk/index.html`);
    console.log("Браузер открыт: пройдите перевыпуск в тестовом кабинете, подтверждая операции в окнах kep-bridge.");
    console.log("The browser is open: walk the reissue in the test cabinet, approving operations in kep-bridge's windows.");
    console.log("Закройте браузер, чтобы завершить / close the browser to finish.");
    await new Promise((resolve) => browser.context.on("close", resolve));
  }
  console.log(`Журнал программы / host log: ${join(out, "state", "host.log")}`);
  console.log("Токен из терминала / the token from a terminal:");
  console.log(`  KEP_SOFTTOKEN_DIR=${tokenDir} KEP_PKCS11_MODULES=${SOFTTOKEN_LIB} npm run kep -- certs`);
} finally {
  await browser.close();
  await site.close();
}
