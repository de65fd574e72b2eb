import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { noteTokens, REISSUE_URL, registerExpiryWatch, runExpiryCheck } from "../../../extension/src/background/expiry-watch.ts";
import type { TokenEntry } from "../../../extension/src/messaging/popup-model.ts";
import { closeKepDb, DB_NAME } from "../../../extension/src/storage/db.ts";
import { journalAppendToOpenRun } from "../../../extension/src/storage/journal.ts";
import { listSeen } from "../../../extension/src/storage/seen.ts";
import { installChromeI18n } from "../popup/chrome-i18n.ts";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 12);

function certificate(t: string, owner: string, daysLeft: number): TokenEntry["certificates"][number] {
  const details = { owner, notAfter: NOW + daysLeft * DAY + 3_600_000 } as NonNullable<TokenEntry["certificates"][number]["details"]>;
  return { thumbprint: t.repeat(40), id: "", label: "", der: "", key: null, details };
}
const tokenEntry = (serial: string, certificates: TokenEntry["certificates"]) =>
  ({ token: { serial }, loggedIn: false, certificates, keys: [] }) as unknown as TokenEntry;

let notifications: string[];
let badge: string;

function installChrome(settings: object = {}) {
  installChromeI18n("ru");
  const chromeStub = globalThis as unknown as { chrome: Record<string, unknown> };
  chromeStub.chrome.action = {
    setBadgeText: vi.fn(async ({ text }: { text: string }) => void (badge = text)),
    setBadgeBackgroundColor: vi.fn(async () => undefined),
    setTitle: vi.fn(async () => undefined),
  };
  chromeStub.chrome.notifications = { create: vi.fn(async (id: string) => void notifications.push(id)) };
  chromeStub.chrome.runtime = { getURL: (path: string) => `chrome-extension://x/${path}` };
  chromeStub.chrome.storage = { local: { get: async () => ({ settings }) } };
}

describe("expiry watch", () => {
  beforeEach(() => {
    notifications = [];
    badge = "";
    installChrome();
    vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
  });
  afterEach(async () => {
    vi.useRealTimers();
    closeKepDb();
    await new Promise((resolve) => (indexedDB.deleteDatabase(DB_NAME).onsuccess = resolve));
  });

  it("badges the soonest certificate, notifies once per threshold, also for tokens not inserted now, and remembers it", async () => {
    await noteTokens([tokenEntry("s1", [certificate("A", "Иванов", 10), certificate("B", "Петров", 300)])]);
    await runExpiryCheck(NOW);
    // Another token seen later; the first one is not inserted any more but still watched.
    await noteTokens([tokenEntry("s2", [certificate("C", "Сидоров", 45)])]);
    await runExpiryCheck(NOW);
    expect(badge).toBe("10");
    expect(notifications.sort()).toEqual([`expiry:${"A".repeat(40)}:14`, `expiry:${"C".repeat(40)}:60`]);

    // A browser restart: a fresh connection to the same database sends nothing again.
    closeKepDb();
    notifications = [];
    await runExpiryCheck(NOW);
    expect(notifications).toEqual([]);
    await runExpiryCheck(NOW + 4 * DAY);
    expect(notifications).toEqual([`expiry:${"A".repeat(40)}:7`]);
    expect(badge).toBe("6");
  });

  it("keeps warning about a valid certificate a site reported revoked: that is page text, not the CA's word", async () => {
    await journalAppendToOpenRun({ step: "4:revoke:done" }, { revokedThumbprint: "A".repeat(40) });
    await noteTokens([tokenEntry("s1", [certificate("A", "Иванов", 10)])]);
    await runExpiryCheck(NOW);
    expect(badge).toBe("10");
    expect(notifications).toEqual([`expiry:${"A".repeat(40)}:14`]);
  });

  it("forgets a token's certificate once the token stops listing it, and follows the threshold setting", async () => {
    installChrome({ warnDays: 5 });
    await noteTokens([tokenEntry("s1", [certificate("A", "Иванов", 10)])]);
    await runExpiryCheck(NOW);
    expect(badge).toBe("");
    await noteTokens([tokenEntry("s1", [])]);
    expect(await listSeen()).toEqual([]);
  });
  it("notifies without buttons where the browser's schema rejects them, as Firefox's does, and counts it as sent", async () => {
    const shown: object[] = [];
    const chromeStub = (globalThis as unknown as { chrome: Record<string, unknown> }).chrome;
    chromeStub.notifications = {
      create: vi.fn(async (id: string, options: object) => {
        if ("buttons" in options) throw new Error('Type error for parameter options (Property "buttons" is unsupported by Firefox) for notifications.create.');
        notifications.push(id);
        shown.push(options);
      }),
    };
    await noteTokens([tokenEntry("s1", [certificate("A", "Иванов", 5)])]);
    await runExpiryCheck(NOW);
    expect(notifications).toEqual([`expiry:${"A".repeat(40)}:7`]);
    expect(shown[0]).not.toHaveProperty("requireInteraction");
    expect(shown[0]).toMatchObject({ type: "basic", title: expect.any(String), message: expect.stringContaining("Иванов") });
    await runExpiryCheck(NOW);
    expect(notifications).toHaveLength(1);
  });

  it("a notification click opens the popup, or a tab with it where the browser cannot; its button opens the tax service", async () => {
    const listeners: Record<string, (...args: never[]) => void> = {};
    const on = (name: string) => ({ addListener: (fn: (...args: never[]) => void) => void (listeners[name] = fn) });
    const tabs = vi.fn(async () => undefined);
    const openPopup = vi.fn(async () => undefined);
    const chromeStub = (globalThis as unknown as { chrome: Record<string, unknown> }).chrome;
    Object.assign(chromeStub, {
      alarms: { onAlarm: on("alarm"), get: async () => undefined, create: vi.fn(async () => undefined) },
      notifications: { onClicked: on("clicked"), onButtonClicked: on("button"), clear: vi.fn(async () => true) },
      tabs: { create: tabs },
      storage: { local: { get: async () => ({}) }, onChanged: on("storage") },
    });
    Object.assign(chromeStub.action as object, { openPopup });
    Object.assign(chromeStub.runtime as object, { onStartup: on("startup") });
    registerExpiryWatch();
    const id = `expiry:${"A".repeat(40)}:14`;
    (listeners.clicked as (id: string) => void)(id);
    await vi.waitFor(() => expect(openPopup).toHaveBeenCalled());
    openPopup.mockRejectedValueOnce(new Error("no active window"));
    (listeners.clicked as (id: string) => void)(id);
    await vi.waitFor(() => expect(tabs).toHaveBeenCalledWith({ url: "chrome-extension://x/src/popup/index.html" }));
    (listeners.button as (id: string, index: number) => void)(id, 1);
    await vi.waitFor(() => expect(tabs).toHaveBeenCalledWith({ url: REISSUE_URL }));
    expect(REISSUE_URL).toBe("https://lkip2.nalog.ru/");
  });
});
