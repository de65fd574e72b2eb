import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchWithExtension, type ExtensionBrowser } from "../fixtures/chromium.ts";
import { createCrlCa, type CrlCa } from "../fixtures/crl-ca.ts";
import { createGostToken, type GostToken } from "../fixtures/gost-token.ts";
import { TEST_OUTPUT } from "../fixtures/paths.ts";
import { importCertificate, openModule, slotHandle, userSession } from "../softtoken/provision/token.ts";

const SCREENSHOTS = join(TEST_OUTPUT, "e2e");
const thumbprint = (der: Buffer) => createHash("sha1").update(der).digest("hex").toUpperCase();

/**
 * Revocation as the CA's fact, in the popup: nothing is fetched until the user clicks the
 * check in a certificate's details; then the host reads the CRL (made by `openssl ca -gencrl`,
 * served locally at the certificate's distribution point), and a revoked certificate's card
 * says so from then on, and cleanup offers it only behind the in-force warning.
 */
describe("CRL check from the popup, in Chromium", () => {
  let ca: CrlCa;
  let token: GostToken;
  let server: Server;
  let browser: ExtensionBrowser;
  let fetched = 0;
  const certs: Record<"revoked" | "valid", Buffer> = {} as Record<"revoked" | "valid", Buffer>;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    let crl: Buffer = Buffer.alloc(0);
    server = createServer((_req, res) => {
      fetched++;
      res.writeHead(200, { "content-type": "application/pkix-crl" }).end(crl);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ca.crl`;
    ca = createCrlCa("Тестовый УЦ отзыва kep-bridge TEST");
    certs.revoked = ca.issue("Отозванов Отозван Отозванович", [url]);
    certs.valid = ca.issue("Действующий Действ Действович", [url]);
    ca.revoke(certs.revoked, "superseded");
    crl = ca.crl();
    expect(ca.verifyCrl(crl)).toBe("verify OK");

    token = createGostToken();
    const module = openModule(token.dir);
    try {
      const session = userSession(module.p, slotHandle(module.p, 0), token.pin);
      for (const [label, der] of [
        ["CA", ca.der],
        ["revoked", certs.revoked],
        ["valid", certs.valid],
      ] as const) {
        importCertificate(module.p, session, der, { id: randomBytes(20), label });
      }
    } finally {
      module.close();
    }
    browser = await launchWithExtension({ env: { ...token.env, KEP_STATE_DIR: mkdtempSync(join(tmpdir(), "kep-state-")) } });
  });

  afterAll(async () => {
    await browser?.close();
    token?.cleanup();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("checks only on the user's click, shows the CRL's answer, and marks the revoked card", async () => {
    const page = await browser.openPopup();
    const revoked = page.locator(`.certificate[data-thumbprint="${thumbprint(certs.revoked)}"]`);
    await revoked.waitFor({ timeout: 30_000 });
    await revoked.locator(".details-toggle").click();
    await revoked.getByText(/удостоверяющий центр увидит запрос/).waitFor();
    expect(fetched).toBe(0);

    await revoked.locator(".revocation-check").click();
    const result = revoked.locator(".revocation-result");
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute("data-status")).toBe("revoked");
    expect(await result.innerText()).toMatch(/Отозван \d\d\.\d\d\.\d{4} \(причина: заменён новым сертификатом\) по CRL от/);
    expect(fetched).toBe(1);
    expect(await revoked.getAttribute("data-status")).toBe("revoked");
    await page.screenshot({ path: join(SCREENSHOTS, "popup-revocation.png"), fullPage: true });

    const valid = page.locator(`.certificate[data-thumbprint="${thumbprint(certs.valid)}"]`);
    await valid.locator(".details-toggle").click();
    await valid.locator(".revocation-check").click();
    await valid.locator('.revocation-result[data-status="good"]').waitFor({ timeout: 30_000 });
    // The same CRL, kept by the host until its nextUpdate.
    expect(fetched).toBe(1);
    await page.close();

    const again = await browser.openPopup();
    const card = again.locator(`.certificate[data-thumbprint="${thumbprint(certs.revoked)}"]`);
    await expect.poll(() => card.getAttribute("data-status"), { timeout: 30_000 }).toBe("revoked");
    expect(await card.locator(".status-badge").innerText()).toBe("Отозван удостоверяющим центром (по CRL)");
    expect(await again.locator(`.certificate[data-thumbprint="${thumbprint(certs.valid)}"]`).getAttribute("data-status")).not.toBe("revoked");

    await again.getByRole("button", { name: "Очистить токен" }).click();
    const candidate = again.locator(`.candidate[data-item="c:${thumbprint(certs.revoked)}"]`);
    expect(await candidate.getAttribute("data-reason")).toBe("revoked");
    expect(await candidate.getAttribute("class")).toContain("candidate-in-force");
    expect(await candidate.locator("input").isChecked()).toBe(false);
  });
});
