import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clickAndClose, launchWithExtension, type ExtensionBrowser } from "../fixtures/chromium.ts";
import { prepareTokenWithOldCertificate, type PreparedToken } from "../fixtures/lk-site/prepare-token.ts";
import { startLkSite, type LkSite } from "../fixtures/lk-site/server.ts";
import { ReissueDriver } from "../fixtures/reissue-driver.ts";
import { createSofttokenDir, SOFTTOKEN_LIB } from "../softtoken/harness.ts";
import { openssl } from "../softtoken/provision/openssl.ts";

declare global {
  interface Window {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    cadesplugin: any;
  }
}

const DATA = Buffer.from("Сырая подпись хэш-значения: пример из документации плагина");

/**
 * CAdESCOM.RawSignature.SignHash on the cabinet's origin, as the plug-in's documentation
 * writes it: HashedData over base64 data, SignHash with a certificate from the store, then
 * VerifyHash of the hex it returned. The window names the raw signature and asks for the PIN;
 * OpenSSL with the GOST engine verifies the signature with the certificate's key.
 */
describe("RawSignature.SignHash in Chromium", () => {
  let site: LkSite;
  let browser: ExtensionBrowser;
  let token: PreparedToken;

  beforeAll(async () => {
    site = await startLkSite({ delays: { processingMs: 200 } });
    const tokenDir = createSofttokenDir({ capacity: 1 << 20 });
    token = prepareTokenWithOldCertificate(tokenDir, site, { daysLeft: 20, initialise: true });
    browser = await launchWithExtension({ env: { KEP_SOFTTOKEN_DIR: tokenDir, KEP_PKCS11_MODULES: SOFTTOKEN_LIB }, args: site.chromiumArgs });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  /** The documentation's sequence in the page; resolves with the hex signature or the error text. */
  const signInPage = (page: Awaited<ReturnType<ExtensionBrowser["context"]["newPage"]>>) =>
    page.evaluate(
      async ([data, thumbprint]) => {
        await window.cadesplugin;
        const cadesplugin = window.cadesplugin;
        try {
          const hashed = await cadesplugin.CreateObjectAsync("CAdESCOM.HashedData");
          await hashed.propset_Algorithm(cadesplugin.CADESCOM_HASH_ALGORITHM_CP_GOST_3411_2012_256);
          await hashed.propset_DataEncoding(cadesplugin.CADESCOM_BASE64_TO_BINARY);
          await hashed.Hash(data);
          const store = await cadesplugin.CreateObjectAsync("CAdESCOM.Store");
          await store.Open(cadesplugin.CAPICOM_CURRENT_USER_STORE, cadesplugin.CAPICOM_MY_STORE, cadesplugin.CAPICOM_STORE_OPEN_MAXIMUM_ALLOWED);
          const certificate = await (await (await store.Certificates).Find(cadesplugin.CAPICOM_CERTIFICATE_FIND_SHA1_HASH, thumbprint)).Item(1);
          const raw = await cadesplugin.CreateObjectAsync("CAdESCOM.RawSignature");
          const signature = (await raw.SignHash(hashed, certificate)) as string;
          await raw.VerifyHash(hashed, certificate, signature);
          return { signature, hash: (await hashed.Value) as string };
        } catch (error) {
          return { error: String((error as Error).message) };
        }
      },
      [DATA.toString("base64"), token.certificate.thumbprint.toUpperCase()],
    );

  it("signs after the raw-signature warning and the PIN; OpenSSL verifies it", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/`);
    let outcome: Awaited<ReturnType<typeof signInPage>> | undefined;
    const shown = await new ReissueDriver(browser, page, token.certificate.thumbprint).approve(async () => {
      void signInPage(page).then((result) => (outcome = result));
    }, token.pins.pin);
    expect(shown).toMatch(/сырую подпись/);
    expect(shown).toMatch(/не привязана ни к какому документу/);
    await expect.poll(() => outcome, { timeout: 15_000 }).toBeDefined();
    if (!outcome || "error" in outcome) throw new Error(`SignHash failed: ${outcome?.error}`);
    expect(outcome.signature).toMatch(/^[0-9A-F]{128}$/);

    const ssl = openssl(mkdtempSync(join(tmpdir(), "kep-raw-signature-")));
    writeFileSync(join(ssl.dir, "cert.pem"), token.certificate.pem);
    writeFileSync(join(ssl.dir, "data.bin"), DATA);
    const digest = ssl.run(["dgst", "-md_gost12_256", "-binary", "data.bin"]);
    expect(digest.toString("hex").toUpperCase()).toBe(outcome.hash);
    writeFileSync(join(ssl.dir, "digest.bin"), digest);
    // The plug-in's hex is the token's s‖r reversed; OpenSSL takes it in the token's order.
    writeFileSync(join(ssl.dir, "raw.sig"), Buffer.from(outcome.signature, "hex").reverse());
    const verdict = ssl.run(["pkeyutl", "-verify", "-certin", "-inkey", "cert.pem", "-in", "digest.bin", "-sigfile", "raw.sig"]);
    expect(verdict.toString()).toMatch(/Signature Verified Successfully/);
  });

  it("rejects with the plug-in's cancel code when the user declines", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/`);
    const consent = browser.nextConsent();
    const outcome = signInPage(page);
    await clickAndClose(await consent, "consent-cancel");
    expect(await outcome).toEqual({ error: expect.stringMatching(/0x8010006E/) });
  });
});
