import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clickAndClose, launchWithExtension, type ExtensionBrowser } from "../fixtures/chromium.ts";
import { TEST_OUTPUT } from "../fixtures/paths.ts";
import { startLkSite, type LkSite } from "../fixtures/lk-site/server.ts";
import { prepareTokenWithOldCertificate } from "../fixtures/lk-site/prepare-token.ts";
import { createSofttokenDir, SOFTTOKEN_LIB } from "../softtoken/harness.ts";
import { openssl } from "../softtoken/provision/openssl.ts";

/** The CryptoPro plug-in's objects are untyped COM-style proxies; the page calls whatever the site would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type PluginObject = any;

const SCREENSHOTS = join(TEST_OUTPUT, "e2e");

/** The part of window.kepBridge this test calls (documented in extension/src/page-api/README.md). */
declare global {
  interface Window {
    kepBridge: {
      listCertificates(): Promise<{ thumbprint: string; hasPrivateKey: boolean }[]>;
      sign(request: { thumbprint: string; data: string; detached: boolean }): Promise<ArrayBuffer>;
    };
  }
}

// The page API in a real page of an allowed site: certificates listed without a prompt,
// a signature only after the user approves it, with the PIN, in the extension's window.
describe("page API on the tax service's origin", () => {
  let site: LkSite;
  let browser: ExtensionBrowser;
  let tokenDir: string;
  let thumbprint: string;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    site = await startLkSite({ delays: { processingMs: 200 } });
    tokenDir = createSofttokenDir({ capacity: 1 << 20 });
    const prepared = prepareTokenWithOldCertificate(tokenDir, site, { daysLeft: 20, initialise: true });
    thumbprint = prepared.certificate.thumbprint.toUpperCase();
    browser = await launchWithExtension({ env: { KEP_SOFTTOKEN_DIR: tokenDir, KEP_PKCS11_MODULES: SOFTTOKEN_LIB }, args: site.chromiumArgs });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it("lists the token's certificates and signs after approval in the confirmation window", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/`);
    const listed = await page.evaluate(async () =>
      (await window.kepBridge.listCertificates()).map((c) => ({ thumbprint: c.thumbprint, hasPrivateKey: c.hasPrivateKey })),
    );
    expect(listed).toEqual([{ thumbprint, hasPrivateKey: true }]);

    const consent = browser.nextConsent();
    const signed = page.evaluate(async (tp) => {
      const cms = await window.kepBridge.sign({ thumbprint: tp, data: "Заявление на перевыпуск сертификата", detached: false });
      return Array.from(new Uint8Array(cms as ArrayBuffer));
    }, thumbprint);
    const window_ = await consent;
    await window_.getByTestId("consent-origin").waitFor();
    expect(await window_.getByTestId("consent-origin").innerText()).toBe("https://lkip2.nalog.ru");
    // The digest the window shows is computed in the background (by the WebAssembly engine for
    // whole blocks); it must be OpenSSL's for the same bytes.
    const shown = (await window_.getByTestId("consent-digest").innerText()).replace(/\s/g, "").toLowerCase();
    const expected = openssl(mkdtempSync(join(tmpdir(), "kep-page-api-"))).run(
      ["dgst", "-md_gost12_256", "-r"],
      Buffer.from("Заявление на перевыпуск сертификата"),
    );
    expect(shown).toBe(expected.toString("utf8").split(" ")[0]);
    await window_.getByTestId("consent-pin").fill("12345678");
    await window_.screenshot({ path: join(SCREENSHOTS, "consent-sign.png") });
    await clickAndClose(window_, "consent-approve");
    const cms = Buffer.from(await signed);
    const ssl = openssl(mkdtempSync(join(tmpdir(), "kep-page-api-")));
    writeFileSync(join(ssl.dir, "ca.pem"), site.ca.pem);
    const content = ssl.run(["cms", "-verify", "-inform", "DER", "-CAfile", "ca.pem", "-purpose", "any", "-cades"], cms);
    expect(content.toString("utf8")).toBe("Заявление на перевыпуск сертификата");
  });

  it("asks for the PIN again, marks a direction override, and keeps one window per tab", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/`);
    const consent = browser.nextConsent();
    const first = page.evaluate(async (tp) => {
      await window.kepBridge.sign({ thumbprint: tp, data: "ИНН \u202E3983807077", detached: true });
      return "signed";
    }, thumbprint);
    const window_ = await consent;
    // The previous test logged the token in a moment ago; a site's signature still needs the PIN.
    await window_.getByTestId("consent-pin").waitFor();
    expect(await window_.getByTestId("consent-preview").innerText()).toBe("ИНН ⟦U+202E⟧3983807077");
    const second = await page.evaluate(async (tp) => {
      try {
        await window.kepBridge.sign({ thumbprint: tp, data: "второй документ", detached: true });
        return "signed";
      } catch (error) {
        return String((error as Error).message);
      }
    }, thumbprint);
    expect(second).toMatch(/0x8010006E/);
    await window_.getByTestId("consent-pin").fill("12345678");
    await clickAndClose(window_, "consent-approve");
    expect(await first).toBe("signed");
  });

  it("refuses a tab that keeps calling, with the plug-in's cancel code", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/`);
    const outcomes = await page.evaluate(async () => {
      const results: string[] = [];
      for (let i = 0; i < 40; i++) {
        try {
          await window.kepBridge.listCertificates();
          results.push("ok");
        } catch (error) {
          results.push(String((error as Error).message));
        }
      }
      return results;
    });
    expect(outcomes.filter((o) => o === "ok").length).toBeLessThan(40);
    expect(outcomes.at(-1)).toMatch(/0x8010006E/);
  });

  it("gives a page no way to change the host's libraries", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/`);
    const replies = await page.evaluate(() =>
      Promise.all(
        ["setModules", "setModulePaths"].map(
          (kind, i) =>
            new Promise<unknown>((resolve) => {
              const id = 900_000 + i;
              window.addEventListener("message", (event) => {
                if (event.data?.source === "kep-bridge:extension" && event.data.id === id) resolve(event.data);
              });
              window.postMessage({ source: "kep-bridge:page", id, kind, params: { modules: ["/tmp/libplanted.so"] } }, location.origin);
            }),
        ),
      ),
    );
    for (const reply of replies) expect(reply).toMatchObject({ ok: false, error: { hresult: 0x80093102 } });
  });

  it("shows a CA certificate added in the options page in the Root store, and not among the user's", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "kep-root-")), "ca.cer");
    writeFileSync(file, site.ca.pem);
    const caThumbprint = createHash("sha1")
      .update(Buffer.from(site.ca.pem.replace(/-----[^-]+-----|\s/g, ""), "base64"))
      .digest("hex")
      .toUpperCase();
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/src/options/index.html`);
    await options.locator("[data-input=roots]").setInputFiles(file);
    await options.locator(`[data-list=roots] [data-thumbprint="${caThumbprint}"]`).waitFor();
    await options.screenshot({ path: join(SCREENSHOTS, "options-roots.png"), fullPage: true });
    await options.close();

    const page = await browser.context.newPage();
    await page.goto(`${site.url}/`);
    const counts = await page.evaluate(async (tp) => {
      const plugin = (window as unknown as { cadesplugin: Promise<void> & { CreateObjectAsync(id: string): Promise<PluginObject> } }).cadesplugin;
      await plugin;
      const count = async (name: string) => {
        const store = await plugin.CreateObjectAsync("CAdESCOM.Store");
        await store.Open(2, name, 2);
        const found = await (await store.Certificates).Find(0, tp);
        return found.Count;
      };
      return { root: await count("Root"), my: await count("My") };
    }, caThumbprint);
    expect(counts).toEqual({ root: 1, my: 0 });
  });

  it("lets the background compile WebAssembly, as its Streebog engine needs", async () => {
    const worker = browser.context.serviceWorkers()[0]!;
    const compiled = await worker.evaluate(async () => {
      try {
        await WebAssembly.compile(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
        return "ok";
      } catch (error) {
        return String(error);
      }
    });
    expect(compiled).toBe("ok");
  });

  it("rejects with the plug-in's cancel code when the user declines", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/`);
    const consent = browser.nextConsent();
    const outcome = page.evaluate(async (tp) => {
      try {
        await window.kepBridge.sign({ thumbprint: tp, data: "x", detached: true });
        return "signed";
      } catch (error) {
        return String((error as Error).message);
      }
    }, thumbprint);
    await clickAndClose(await consent, "consent-cancel");
    expect(await outcome).toMatch(/0x8010006E/);
  });

  it("shows the request's subject in the key's window and lets that key sign one request only", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/`);
    const consent = browser.nextConsent();
    const outcome = page.evaluate(async () => {
      const plugin = (window as unknown as { cadesplugin: Promise<void> & { CreateObjectAsync(id: string): Promise<PluginObject> } }).cadesplugin;
      await plugin;
      const key = await plugin.CreateObjectAsync("X509Enrollment.CX509PrivateKey");
      await key.propset_ProviderType(80);
      const request = await plugin.CreateObjectAsync("X509Enrollment.CX509CertificateRequestPkcs10");
      await request.InitializeFromPrivateKey(1, key, "");
      const name = await plugin.CreateObjectAsync("X509Enrollment.CX500DistinguishedName");
      await name.Encode("CN=Иванов Иван Иванович", 0);
      await request.propset_Subject(name);
      const enroll = await plugin.CreateObjectAsync("X509Enrollment.CX509Enrollment");
      await enroll.InitializeFromRequest(request);
      const first = await enroll.CreateRequest(1);
      try {
        await enroll.CreateRequest(1);
        return { first: first.length > 0, second: "signed" };
      } catch (error) {
        return { first: first.length > 0, second: String((error as Error).message) };
      }
    });
    const window_ = await consent;
    expect(await window_.getByTestId("consent-subject-commonName").innerText()).toBe("Иванов Иван Иванович");
    await window_.getByTestId("consent-pin").fill("12345678");
    await clickAndClose(window_, "consent-approve");
    const { first, second } = await outcome;
    expect(first).toBe(true);
    expect(second).toMatch(/0x8009000D/);
  });
});
