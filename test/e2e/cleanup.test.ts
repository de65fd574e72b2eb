import { copyFileSync, mkdirSync, mkdtempSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeleteItem } from "../../shared/protocol/index.ts";
import { launchWithExtension, type ExtensionBrowser } from "../fixtures/chromium.ts";
import { placeCertificates, type PlacedCertificate } from "../fixtures/gost-certificates.ts";
import { createGostToken, type GostToken } from "../fixtures/gost-token.ts";
import { TEST_OUTPUT } from "../fixtures/paths.ts";
import { clearFailure, failAfter } from "../softtoken/harness.ts";

/** The extension APIs these tests call inside the browser (chrome types are not in the Node project). */
interface ExtensionApis {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  action: { getBadgeText(details: object): Promise<string> };
  notifications: { getAll(): Promise<Record<string, unknown>> };
}
type Ext = { chrome: ExtensionApis };
interface CleanupReport {
  deleted: DeleteItem[];
}

const SCREENSHOTS = join(TEST_OUTPUT, "e2e");
const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `cleanup-${name}.png`), fullPage: true });

// The GOST soft token in real Chromium with the built extension and host: statuses, the
// expiry watch, cleanup with backups, a device failure half-way through, and restore.
describe("token cleanup in headless Chromium", () => {
  let token: GostToken;
  let browser: ExtensionBrowser | undefined;
  let page: Page;
  let valid: PlacedCertificate, expiring: PlacedCertificate, expiredWithKey: PlacedCertificate, expiredNoKey: PlacedCertificate;
  let garbage: string;

  const ref = () => ({ module: token.module, serial: token.serial });
  const certificate = (thumbprint: string) => page.locator(`.certificate[data-thumbprint="${thumbprint}"]`);
  const freeMemory = async () => Number(await page.locator(".memory").getAttribute("data-free"));
  /** The UI channel exactly as the popup uses it. */
  const send = <T>(message: unknown) =>
    page.evaluate(async (m) => {
      const response = (await (globalThis as unknown as Ext).chrome.runtime.sendMessage(m)) as { ok: boolean; result?: unknown; error?: unknown };
      return response;
    }, message) as Promise<{ ok: true; result: T } | { ok: false; error: { code: string } }>;
  const worker = () => browser!.context.serviceWorkers()[0]!;
  const loaded = () => page.locator(".token").first().waitFor({ timeout: 30_000 });
  /** Restore from the backup list, typing the PIN when the popup asks for it. */
  const restore = async (thumbprint: string) => {
    const row = page.locator(`.backup[data-thumbprint="${thumbprint}"]`);
    await row.locator(".restore").click();
    if (await row.locator(".pin-form").count()) {
      await row.locator(".pin-form input").fill(token.pin);
      await row.locator(".pin-form button").click();
    }
  };
  const reload = async () => {
    await page.reload();
    await loaded();
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    token = createGostToken();
    const placed = placeCertificates(
      token.dir,
      0,
      token.pin,
      [
        { label: "TEST valid", surname: "Действующий", daysLeft: 300, keepKey: true },
        { label: "TEST expiring", surname: "Истекающий", daysLeft: 10, keepKey: true },
        { label: "TEST expired with key", surname: "Старый", daysLeft: -30, keepKey: true },
        { label: "TEST expired no key", surname: "Древний", daysLeft: -60, keepKey: false },
      ],
      1,
    );
    [valid, expiring, expiredWithKey, expiredNoKey] = placed.certificates as [PlacedCertificate, PlacedCertificate, PlacedCertificate, PlacedCertificate];
    garbage = placed.garbage[0]!;
    browser = await launchWithExtension({ env: { ...token.env, KEP_STATE_DIR: mkdtempSync(join(tmpdir(), "kep-state-")) } });
    page = await browser.openPopup();
    await loaded();
  });

  afterAll(async () => {
    await browser?.close();
    token?.cleanup();
  });

  it("shows each certificate's status, soonest-expiring first, and the unreadable object as its own row", async () => {
    await expect.poll(() => page.locator(".certificate").count()).toBe(5);
    expect(await certificate(valid.thumbprint).getAttribute("data-status")).toBe("valid");
    expect(await certificate(expiring.thumbprint).getAttribute("data-status")).toBe("expiring");
    expect(await certificate(expiredWithKey.thumbprint).getAttribute("data-status")).toBe("expired");
    expect(await certificate(expiredNoKey.thumbprint).getAttribute("data-status")).toBe("expired");
    expect(await certificate(garbage).getAttribute("data-status")).toBe("unreadable");
    expect(await certificate(expiredNoKey.thumbprint).locator(".key").getAttribute("class")).toContain("key-missing");
    expect(await certificate(expiring.thumbprint).innerText()).toMatch(/осталось 10 дней/);
    const order = await page.locator(".certificate").evaluateAll((items) => items.map((i) => i.getAttribute("data-thumbprint")));
    expect(order.slice(0, 2)).toEqual([expiring.thumbprint, valid.thumbprint]);
    expect(order.at(-1)).toBe(garbage);
    await expect.poll(() => page.locator('[data-pin="ok"]').count()).toBe(1);
    await shot(page, "statuses");

    await certificate(valid.thumbprint).locator(".details-toggle").press("Enter");
    const details = certificate(valid.thumbprint).locator(".details");
    const spaced = (valid.thumbprint.toLowerCase().match(/../g) ?? []).join(" ");
    expect(await details.locator(".thumbprint").innerText()).toBe(spaced);
    expect(await details.innerText()).toMatch(/Фамилия \(SN\)\s+Действующий/);
    expect(await details.innerText()).toMatch(/СНИЛС/);
    expect(await details.locator(".details-issuer-sign-tool").innerText()).toBe(
      "kep-bridge SoftToken TEST (Сертификат соответствия TEST-0000 (тестовый))\nТестовый УЦ kep-bridge (TEST) (Сертификат соответствия TEST-0001 (тестовый))",
    );
    await shot(page, "details");
  });

  it("shows a revocation a site reported as unverified, and never proposes that certificate or its key", async () => {
    // What the reissue assistant records when a page's text says step 4 (revocation) is done.
    const journal = (action: "put" | "delete") =>
      page.evaluate(
        ([a, thumbprint]) =>
          new Promise<void>((resolve, reject) => {
            const open = indexedDB.open("kep-bridge");
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const store = open.result.transaction("journal", "readwrite").objectStore("journal");
              const request =
                a === "put"
                  ? store.put({ id: "page-said-revoked", startedAt: Date.now(), steps: [], status: "inProgress", revokedThumbprint: thumbprint })
                  : store.delete("page-said-revoked");
              request.onsuccess = () => {
                open.result.close();
                resolve();
              };
              request.onerror = () => reject(request.error);
            };
          }),
        [action, valid.thumbprint] as const,
      );
    await journal("put");
    try {
      await reload();
      await expect.poll(() => certificate(valid.thumbprint).getAttribute("data-status")).toBe("reportedRevoked");
      expect(await certificate(valid.thumbprint).innerText()).toContain("Сайт сообщил об отзыве (не проверено)");
      await page.locator(".cleanup-open").click();
      const row = page.locator(`.candidate[data-item="c:${valid.thumbprint}"]`);
      expect(await row.getAttribute("data-reason")).toBe("reportedRevoked");
      expect(await row.getAttribute("class")).toContain("candidate-in-force");
      expect(await row.locator("input").isChecked()).toBe(false);
      expect(await page.locator(`.candidate[data-item="k:${valid.keyId}"] input`).isChecked()).toBe(false);
      await shot(page, "reported-revoked");
    } finally {
      await journal("delete");
      await reload();
    }
  });

  it("puts the 10-day certificate on the badge and in a notification", async () => {
    await expect.poll(() => worker().evaluate(() => (globalThis as unknown as Ext).chrome.action.getBadgeText({})), { timeout: 15_000 }).toBe("10");
    const ids = await worker().evaluate(async () => Object.keys(await (globalThis as unknown as Ext).chrome.notifications.getAll()));
    expect(ids).toEqual([`expiry:${expiring.thumbprint}:14`]);
  });

  it("proposes exactly the outdated objects and asks for the PIN in the popup", async () => {
    await page.locator(".cleanup-open").click();
    const checked = await page
      .locator(".candidate")
      .evaluateAll((rows) => rows.filter((r) => (r.querySelector("input") as HTMLInputElement).checked).map((r) => r.getAttribute("data-item")));
    expect(checked.sort()).toEqual([`c:${expiredWithKey.thumbprint}`, `c:${expiredNoKey.thumbprint}`, `c:${garbage}`, `k:${expiredWithKey.keyId}`].sort());
    const inForce = await page.locator(".candidate-in-force").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-item")));
    expect(inForce.sort()).toEqual([`c:${valid.thumbprint}`, `c:${expiring.thumbprint}`, `k:${valid.keyId}`, `k:${expiring.keyId}`].sort());
    await shot(page, "select");

    // This first run removes only the unreadable object; the rest goes in the faulted run below.
    for (const item of [`c:${expiredWithKey.thumbprint}`, `c:${expiredNoKey.thumbprint}`, `k:${expiredWithKey.keyId}`]) {
      await page.locator(`.candidate[data-item="${item}"] input`).uncheck();
    }
    await page.locator(".cleanup-next").click();
    expect(await page.locator(".confirm-list li").evaluateAll((li) => li.map((l) => l.getAttribute("data-item")))).toEqual([`c:${garbage}`]);
    expect(await page.locator(".cleanup-delete").isDisabled()).toBe(true);
    await page.locator(".pin-field input").fill(token.pin);
    await shot(page, "confirm");
    const before = await freeMemory();
    await page.locator(".cleanup-delete").click();
    await page.locator(".cleanup-result").waitFor();
    await expect.poll(() => certificate(garbage).count()).toBe(0);
    expect(await page.locator(".cleanup-result .deleted-list li").evaluateAll((li) => li.map((l) => l.getAttribute("data-item")))).toEqual([`c:${garbage}`]);
    await expect.poll(freeMemory).toBeGreaterThan(before);
  });

  it("a device failure half-way: the report is exact and a second run finishes the job", async () => {
    const items: DeleteItem[] = [
      { kind: "certificate", thumbprint: expiredWithKey.thumbprint },
      { kind: "certificate", thumbprint: expiredNoKey.thumbprint },
      { kind: "keyPair", id: expiredWithKey.keyId },
    ];
    // Find the PKCS#11 call of the first deletion: the smallest n whose failure still lets
    // something be deleted. The token file is put back after every probe.
    const db = join(token.dir, "token-0.db");
    const snapshot = join(token.dir, "snapshot.db");
    copyFileSync(db, snapshot);
    const restore = () => {
      copyFileSync(snapshot, `${db}.restore`);
      renameSync(`${db}.restore`, db);
    };
    const probe = async (n: number) => {
      restore();
      expect((await send({ kind: "login", token: ref(), pin: token.pin })).ok).toBe(true);
      failAfter(token.dir, n);
      const response = await send<CleanupReport>({ kind: "cleanup", token: ref(), items });
      clearFailure(token.dir);
      return response.ok && response.result.deleted.length > 0;
    };
    let low = 1;
    let high = 400;
    expect(await probe(high)).toBe(true);
    while (low < high) {
      const mid = (low + high) >> 1;
      if (await probe(mid)) high = mid;
      else low = mid + 1;
    }
    restore();
    expect((await send({ kind: "login", token: ref(), pin: token.pin })).ok).toBe(true);
    await reload();
    const before = await freeMemory();

    await page.locator(".cleanup-open").click();
    await page.locator(".cleanup-next").click();
    expect(await page.locator(".pin-field").count()).toBe(0);
    failAfter(token.dir, low);
    await page.locator(".cleanup-delete").click();
    await page.locator(".cleanup-result").waitFor();
    clearFailure(token.dir);
    const deleted = await page.locator(".cleanup-result .deleted-list li").evaluateAll((li) => li.map((l) => l.getAttribute("data-item")));
    const notDeleted = await page.locator(".cleanup-result .not-deleted-list li").evaluateAll((li) => li.map((l) => l.getAttribute("data-item")));
    expect(deleted.length).toBeGreaterThan(0);
    expect(notDeleted.length).toBeGreaterThan(0);
    expect([...deleted, ...notDeleted].sort()).toEqual([`c:${expiredWithKey.thumbprint}`, `c:${expiredNoKey.thumbprint}`, `k:${expiredWithKey.keyId}`].sort());
    expect(await page.locator(".cleanup-result [role=alert]").count()).toBe(1);
    // The view refreshed: what the report calls deleted is gone, what it calls not deleted is still listed.
    for (const item of deleted) if (item!.startsWith("c:")) await expect.poll(() => certificate(item!.slice(2)).count()).toBe(0);
    for (const item of notDeleted) if (item!.startsWith("c:")) expect(await certificate(item!.slice(2)).count()).toBe(1);
    await shot(page, "partial");

    // The device error may have ended the login: the second run asks for the PIN if so.
    await page.locator(".cleanup-open").click();
    const proposed = await page.locator(".candidate:not(.candidate-in-force)").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-item")));
    expect(proposed.sort()).toEqual([...notDeleted].sort());
    await page.locator(".cleanup-next").click();
    if (await page.locator(".pin-field input").count()) await page.locator(".pin-field input").fill(token.pin);
    await page.locator(".cleanup-delete").click();
    await expect.poll(() => page.locator(".cleanup-result .not-deleted-list li").count()).toBe(0);
    expect((await page.locator(".cleanup-result .deleted-list li").evaluateAll((li) => li.map((l) => l.getAttribute("data-item")))).sort()).toEqual(
      [...notDeleted].sort(),
    );
    await expect.poll(() => page.locator(".certificate").count()).toBe(2);
    expect(await page.locator(`[data-key-id="${expiredWithKey.keyId}"]`).count()).toBe(0);
    await expect.poll(freeMemory).toBeGreaterThan(before);
    await shot(page, "done");

    await page.locator(".backups summary").click();
    const backups = await page.locator(".backup").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-thumbprint")));
    expect(backups.sort()).toEqual([expiredWithKey.thumbprint, expiredNoKey.thumbprint].sort());
  });

  it("a certificate in force needs a second warning; restore puts it back", async () => {
    await page.locator(".cleanup-open").click();
    await page.locator(".in-force summary").click();
    await page.locator(`.candidate[data-item="c:${valid.thumbprint}"] input`).check();
    await page.locator(".cleanup-next").click();
    expect(await page.locator(".cleanup-delete").isDisabled()).toBe(true);
    await page.locator(".acknowledge").check();
    await shot(page, "warning");
    await page.locator(".cleanup-delete").click();
    await expect.poll(() => certificate(valid.thumbprint).count()).toBe(0);

    if (!(await page.locator(".backups[open]").count())) await page.locator(".backups summary").click();
    await restore(valid.thumbprint);
    await expect.poll(() => certificate(valid.thumbprint).count(), { timeout: 15_000 }).toBe(1);
    expect(await certificate(valid.thumbprint).getAttribute("data-status")).toBe("valid");
    await shot(page, "restored");

    // A certificate whose key pair is gone cannot be restored: the host refuses, the popup says why.
    await restore(expiredWithKey.thumbprint);
    const refused = page.locator(`.backup[data-thumbprint="${expiredWithKey.thumbprint}"] [role=alert]`);
    await refused.waitFor();
    expect(await refused.getAttribute("data-code")).toBe("KEY_NOT_FOUND");
  });
  it("options page: the test button shows the soft token library loaded; a forced language switches the popup", async () => {
    const options = await browser!.context.newPage();
    await options.goto(`chrome-extension://${browser!.extensionId}/src/options/index.html`);
    await options.locator(".test-modules").click();
    const row = options.locator(`[data-loaded="true"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain("токенов: 1");
    await options.locator("#language").selectOption("en");
    await options.locator("button.primary").click();
    await options.locator("[role=status]").waitFor();
    await options.screenshot({ path: join(SCREENSHOTS, "options.png"), fullPage: true });
    await options.close();
    await reload();
    expect(await page.locator("h1").innerText()).toBe("Tokens and certificates");
    expect(await page.locator(".cleanup-open").innerText()).toBe("Clean up token");
  });
});
