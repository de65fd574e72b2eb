import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchWithExtension, type ExtensionBrowser } from "../fixtures/chromium.ts";
import { prepareTokenWithOldCertificate, type PreparedToken } from "../fixtures/lk-site/prepare-token.ts";
import { startLkSite, type LkSite } from "../fixtures/lk-site/server.ts";
import { ReissueDriver } from "../fixtures/reissue-driver.ts";
import { createSofttokenDir, SOFTTOKEN_LIB } from "../softtoken/harness.ts";
import { openssl } from "../softtoken/provision/openssl.ts";

/**
 * Both browser builds. The minified one matters: crypto-pro turns its functions' source
 * into generators by text replacement, and minified, `store.Open(...)` is no longer
 * yielded, so the next call must wait for it on its own, as the real plug-in's do.
 */
const BUILDS = ["crypto-pro/dist/crypto-pro.js", "crypto-pro/dist/crypto-pro.min.js"].map((path) => ({
  name: path.split("/").pop()!,
  source: readFileSync(createRequire(import.meta.url).resolve(path), "utf8"),
}));

interface CryptoProApi {
  getSystemInfo(): Promise<{ cadesVersion: string; cspVersion: string }>;
  getUserCertificates(): Promise<{ thumbprint: string; name: string }[]>;
  createAttachedSignature(thumbprint: string, message: string): Promise<string>;
  createDetachedSignature(thumbprint: string, hash: string): Promise<string>;
  createHash(data: ArrayBuffer | string): Promise<string>;
}
declare global {
  interface Window {
    cryptoPro: CryptoProApi;
  }
}

/**
 * The npm package crypto-pro, a page-side wrapper many sites use around the CryptoPro
 * plug-in, runs unchanged in a page on the cabinet's origin against our cadesplugin, in
 * real Chromium; OpenSSL with the GOST engine verifies what it signs.
 */
describe("crypto-pro on our plug-in, in Chromium", () => {
  let site: LkSite;
  let browser: ExtensionBrowser;
  let old: PreparedToken;

  beforeAll(async () => {
    site = await startLkSite({ delays: { processingMs: 200 } });
    const tokenDir = createSofttokenDir({ capacity: 1 << 20 });
    old = prepareTokenWithOldCertificate(tokenDir, site, { daysLeft: 20, initialise: true });
    browser = await launchWithExtension({ env: { KEP_SOFTTOKEN_DIR: tokenDir, KEP_PKCS11_MODULES: SOFTTOKEN_LIB }, args: site.chromiumArgs });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it.each(BUILDS)("$name reads system info and certificates, hashes, and makes signatures OpenSSL verifies", async ({ source }) => {
    const page = await browser.context.newPage();
    // A page of the site's origin that loads crypto-pro as sites do, with a plain script tag.
    await page.route("https://lkip2.nalog.ru/crypto-pro.html", (route) =>
      route.fulfill({ contentType: "text/html; charset=utf-8", body: `<!doctype html><meta charset="utf-8"><script>${source}</script>` }),
    );
    await page.goto("https://lkip2.nalog.ru/crypto-pro.html");
    const info = await page.evaluate(() => window.cryptoPro.getSystemInfo());
    expect(info.cadesVersion).toMatch(/^2\./);
    const certificates = await page.evaluate(() => window.cryptoPro.getUserCertificates());
    expect(certificates.map((c) => c.thumbprint)).toEqual([old.certificate.thumbprint.toUpperCase()]);

    const text = "Заявление о перевыпуске сертификата";
    const driver = new ReissueDriver(browser, page, old.certificate.thumbprint);
    let attached = "";
    await driver.approve(async () => {
      void page
        .evaluate(([tp, message]) => window.cryptoPro.createAttachedSignature(tp!, message!), [old.certificate.thumbprint.toUpperCase(), text])
        .then((signature) => (attached = signature));
    }, old.pins.pin);
    await expect.poll(() => attached, { timeout: 15_000 }).not.toBe("");

    const ssl = openssl(mkdtempSync(join(tmpdir(), "kep-crypto-pro-")));
    writeFileSync(join(ssl.dir, "ca.pem"), site.ca.pem);
    const recovered = ssl.run(["cms", "-verify", "-inform", "DER", "-CAfile", "ca.pem", "-purpose", "any", "-cades"], Buffer.from(attached, "base64"));
    // crypto-pro hands the plug-in base64 of the message's bytes; the signed content is the text itself.
    expect(recovered.toString("utf8")).toBe(text);

    const hash = await page.evaluate((message) => window.cryptoPro.createHash(message), text);
    expect(hash.toLowerCase()).toBe(ssl.run(["dgst", "-md_gost12_256", "-binary"], Buffer.from(text)).toString("hex"));
  });
});
