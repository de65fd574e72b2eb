import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { addRootInOptions, signInThroughPopup } from "../test/fixtures/cabinet-sign-in.ts";
import { launchWithExtension } from "../test/fixtures/chromium.ts";
import { GOST_SITE_HOST, startGostCabinet } from "../test/fixtures/lk-site/gost-cabinet.ts";
import { prepareTokenWithOldCertificate } from "../test/fixtures/lk-site/prepare-token.ts";
import { TEST_OUTPUT } from "../test/fixtures/paths.ts";
import { ReissueDriver } from "../test/fixtures/reissue-driver.ts";
import { buildSofttoken, createSofttokenDir, SOFTTOKEN_LIB } from "../test/softtoken/harness.ts";

/**
 * The product's main job on its embedded default: certificate sign-in to the GOST cabinet
 * https://lkipgost2.nalog.ru (the local LK IP test site behind OpenSSL + gost-engine, requiring
 * the client certificate) through kep-bridge's gateway, then the КЭП reissue there, with the GOST
 * software token (a TEST fixture) holding an FNS-style certificate that expires in 20 days.
 * Headless it signs in from the popup, walks the whole wizard, printing each step and saving
 * screenshots; with a display it opens the browser for the user to do it.
 */
const out = join(TEST_OUTPUT, "demo");
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "token"), { recursive: true });
const headless = !process.env.DISPLAY || process.argv.includes("--headless");

buildSofttoken();
const cabinet = await startGostCabinet({ delays: { processingMs: headless ? 500 : 5000 } });
const tokenDir = createSofttokenDir({ capacity: 1 << 20, dir: join(out, "token") });
const old = prepareTokenWithOldCertificate(tokenDir, cabinet.site, { daysLeft: 20, initialise: true });
console.log("Тестовый ГОСТ-токен (kep-bridge SoftToken TEST) с сертификатом, который истекает через 20 дней.");
console.log(`Test GOST token with a certificate expiring in 20 days; PIN ${old.pins.pin}.`);

const browser = await launchWithExtension({
  env: {
    KEP_SOFTTOKEN_DIR: tokenDir,
    KEP_PKCS11_MODULES: SOFTTOKEN_LIB,
    KEP_STATE_DIR: join(out, "state"),
    KEP_GATEWAY_CONNECT: `${GOST_SITE_HOST}=127.0.0.1:${cabinet.port}`,
  },
  headless,
});
try {
  // What a user does once: the cabinet server's CA certificate into the options page's store.
  await addRootInOptions(browser, cabinet.caCertificatePem, out);
  if (headless) {
    const page = await signInThroughPopup(browser, old.pins.pin);
    const signedIn = join(out, "signed-in.png");
    await page.screenshot({ path: signedIn, fullPage: true });
    console.log(`  0. вход по сертификату, ГОСТ TLS через kep-bridge / certificate sign-in, GOST TLS through kep-bridge\n     ${signedIn}`);
    const driver = new ReissueDriver(browser, page, old.certificate.thumbprint);
    let shot = 0;
    await driver.run(new URL(page.url()).origin, old.pins.pin, async (step) => {
      const file = join(out, `step-${++shot}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`  ${step}\n     ${file}`);
    });
    const popup = await browser.openPopup();
    await popup.locator(".certificate").first().waitFor();
    await popup.screenshot({ path: join(out, "popup.png"), fullPage: true });
    console.log(`\nОкно расширения после перевыпуска / the popup after the reissue: ${join(out, "popup.png")}`);
  } else {
    await browser.openPopup();
    console.log("Браузер открыт: в окне kep-bridge нажмите «Войти в личный кабинет по сертификату», затем пройдите перевыпуск.");
    console.log("The browser is open: press «Войти в личный кабинет по сертификату» in kep-bridge's window, then walk the reissue.");
    console.log("Закройте браузер, чтобы завершить / close the browser to finish.");
    await new Promise((resolve) => browser.context.on("close", resolve));
  }
  const accepted = cabinet.handshakes().filter((h) => h.result === "accepted");
  const suites = [...new Set(accepted.map((h) => `${h.protocol} ${h.suite}`))].join(", ");
  const clients = [...new Set(accepted.map((h) => /CN=([^,]+)/.exec(h.subject)?.[1] ?? h.subject))].join(", ");
  const resumed = accepted.filter((h) => h.resumed).length;
  console.log(
    `Сервер ГОСТ TLS: соединений ${accepted.length}, из них ${resumed} возобновили сеанс входа без токена (${suites}), сертификат клиента проверен: ${clients}`,
  );
  console.log(
    `The GOST TLS server: ${accepted.length} connections, ${resumed} of them resuming the sign-in's session without the token (${suites}), client certificate verified: ${clients}`,
  );
  console.log(`Журнал программы / host log: ${join(out, "state", "host.log")}`);
  console.log("Токен из терминала / the token from a terminal:");
  console.log(`  KEP_SOFTTOKEN_DIR=${tokenDir} KEP_PKCS11_MODULES=${SOFTTOKEN_LIB} npm run kep -- certs`);
} finally {
  await browser.close();
  await cabinet.stop();
}
