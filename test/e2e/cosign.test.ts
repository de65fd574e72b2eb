import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchWithExtension, type ExtensionBrowser } from "../fixtures/chromium.ts";
import { prepareTokenWithOldCertificate, type PreparedToken } from "../fixtures/lk-site/prepare-token.ts";
import { startLkSite, type LkSite } from "../fixtures/lk-site/server.ts";
import { ReissueDriver } from "../fixtures/reissue-driver.ts";
import { createSofttokenDir, SOFTTOKEN_LIB } from "../softtoken/harness.ts";
import { openssl } from "../softtoken/provision/openssl.ts";

/** The loader object as a page sees it in async mode; untyped, like pages use it. */
declare global {
  interface Window {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    cadesplugin: any;
  }
}

/**
 * A contract signed by a counterparty (OpenSSL, its own GOST key) reaches the cabinet's
 * page, which adds the user's signature with the plug-in's documented sequence: VerifyCades,
 * then CoSignCades with a CPSigner. The user approves the second signature in kep-bridge's
 * window; OpenSSL with the GOST engine then verifies both signers of the result.
 */
describe("CoSignCades on the cabinet's origin, in Chromium", () => {
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

  it("adds the token's signer to a counterparty's CAdES-BES; openssl cms -verify accepts both", async () => {
    const ssl = openssl(mkdtempSync(join(tmpdir(), "kep-cosign-")));
    const contract = Buffer.from("Договор поставки № 17 от 01.12.2026");
    ssl.run(["genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:A", "-out", "party.key"]);
    ssl.run([
      "req",
      "-x509",
      "-new",
      "-key",
      "party.key",
      "-md_gost12_256",
      "-utf8",
      "-days",
      "30",
      "-subj",
      "/C=RU/O=Контрагент/CN=Петров Пётр",
      "-out",
      "party.pem",
    ]);
    writeFileSync(join(ssl.dir, "contract.txt"), contract);
    const counterparty = ssl.run([
      "cms",
      "-sign",
      "-binary",
      "-cades",
      "-md",
      "md_gost12_256",
      "-nosmimecap",
      "-nodetach",
      "-outform",
      "DER",
      "-signer",
      "party.pem",
      "-inkey",
      "party.key",
      "-in",
      "contract.txt",
    ]);

    const page = await browser.context.newPage();
    await page.goto(`${site.url}/`);
    const thumbprint = token.certificate.thumbprint.toUpperCase();
    let cosigned = "";
    await new ReissueDriver(browser, page, thumbprint).approve(async () => {
      void page
        .evaluate(
          async ([message, tp]) => {
            // The loader's promise resolves empty; its members are on the promise itself.
            await window.cadesplugin;
            const cadesplugin = window.cadesplugin;
            const signedData = await cadesplugin.CreateObjectAsync("CAdESCOM.CadesSignedData");
            await signedData.VerifyCades(message, cadesplugin.CADESCOM_CADES_BES);
            const store = await cadesplugin.CreateObjectAsync("CAdESCOM.Store");
            await store.Open(cadesplugin.CAPICOM_CURRENT_USER_STORE, cadesplugin.CAPICOM_MY_STORE, cadesplugin.CAPICOM_STORE_OPEN_MAXIMUM_ALLOWED);
            const found = await (await store.Certificates).Find(cadesplugin.CAPICOM_CERTIFICATE_FIND_SHA1_HASH, tp);
            const signer = await cadesplugin.CreateObjectAsync("CAdESCOM.CPSigner");
            await signer.propset_Certificate(await found.Item(1));
            return (await signedData.CoSignCades(signer, cadesplugin.CADESCOM_CADES_BES)) as string;
          },
          [counterparty.toString("base64"), thumbprint],
        )
        .then((result) => (cosigned = result));
    }, token.pins.pin);
    await expect.poll(() => cosigned, { timeout: 15_000 }).not.toBe("");

    writeFileSync(join(ssl.dir, "trusted.pem"), `${site.ca.pem}\n${ssl.run(["x509", "-in", "party.pem"]).toString()}`);
    const cms = Buffer.from(cosigned, "base64");
    const recovered = ssl.run(["cms", "-verify", "-inform", "DER", "-CAfile", "trusted.pem", "-purpose", "any", "-cades"], cms);
    expect(recovered).toEqual(contract);
    const printed = ssl.run(["cms", "-cmsout", "-print", "-inform", "DER", "-noout"], cms).toString();
    expect(printed.match(/signatureAlgorithm:/g)).toHaveLength(2);
  });
});
