// @vitest-environment happy-dom
import { cleanup, render, waitFor } from "@testing-library/preact";
import { render as preactRender } from "preact";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { PopupModel } from "../../../extension/src/messaging/popup-model.ts";
import { App } from "../../../extension/src/popup/App.tsx";
import type { PopupApi } from "../../../extension/src/popup/api.ts";
import { deserializeError } from "../../../shared/protocol/kep-error.ts";
import { startPopup } from "../../../extension/src/popup/start.tsx";
import { readCachedPopupModel, writeCachedPopupModel } from "../../../extension/src/storage/popup-cache.ts";
import { DEFAULT_SETTINGS } from "../../../extension/src/storage/settings.ts";
import { installChromeI18n } from "./chrome-i18n.ts";
import { certificateDer, entry, keyPair, model, NOW, tokenInfo } from "./model.ts";

/**
 * One chrome.storage area as the browser keeps it: values go in and come out as copies, never
 * as the caller's objects. The popup's storage cannot run outside the browser; this stands in.
 */
function storageArea() {
  const values = new Map<string, string>();
  return {
    values,
    get: async (key: string) => (values.has(key) ? { [key]: JSON.parse(values.get(key)!) as unknown } : {}),
    set: async (items: Record<string, unknown>) => {
      for (const [key, value] of Object.entries(items)) values.set(key, JSON.stringify(value));
    },
  };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const certificates = () => [...document.querySelectorAll<HTMLElement>(".certificate")].map((c) => c.dataset.thumbprint);
const tokens = () => [...document.querySelectorAll<HTMLElement>(".token")].map((t) => t.dataset.serial);
/** The HTML rule a browser applies: a control in a disabled fieldset is disabled (happy-dom does not apply it). */
const disabled = (control: Element) => (control as HTMLButtonElement).disabled || control.closest("fieldset[disabled]") !== null;

let der: { a: string; b: string; c: string };
let before: PopupModel;
let after: PopupModel;

describe("popup first render", () => {
  let session: ReturnType<typeof storageArea>;

  beforeAll(async () => {
    der = {
      a: await certificateDer("CN=Иванов Иван Иванович, SN=Иванов, G=Иван Иванович", 200),
      b: await certificateDer("CN=Петрова Анна, SN=Петрова, G=Анна Сергеевна", -10),
      c: await certificateDer("CN=Сидоров Пётр, SN=Сидоров, G=Пётр", 30),
    };
    // Two tokens as last seen; since then the second was pulled out and the expired certificate deleted.
    const first = {
      certificates: [entry("A", der.a, "01"), entry("B", der.b, "02")],
      keys: [keyPair("01", ["A".repeat(40)]), keyPair("02", ["B".repeat(40)])],
    };
    const second = {
      token: tokenInfo({ serial: "77aa0001", label: "Второй токен" }),
      certificates: [entry("C", der.c, "03")],
      keys: [keyPair("03", ["C".repeat(40)])],
    };
    const backup = {
      thumbprint: "D".repeat(40),
      der: der.b,
      tokenSerial: "3a5f0c21",
      deletedAt: NOW.getTime() - 86_400_000,
      label: "old",
      keyId: "02",
      owner: "Старый",
      notAfter: NOW.getTime() - 1,
    };
    before = model([first, second], { backups: [backup] });
    after = model([{ certificates: [entry("A", der.a, "01")], keys: [keyPair("01", ["A".repeat(40)])] }]);
  });

  beforeEach(() => {
    installChromeI18n("ru");
    session = storageArea();
    const local = storageArea();
    Object.assign((globalThis as unknown as { chrome: object }).chrome, { storage: { session, local } });
    document.body.innerHTML = '<div id="app"></div>';
    location.hash = "";
    performance.clearMarks();
  });

  afterEach(() => {
    cleanup();
    preactRender(null, document.getElementById("app")!);
  });

  it("reads back the model it cached, and nothing before that", async () => {
    expect(await readCachedPopupModel()).toBeNull();
    await writeCachedPopupModel(before);
    expect(await readCachedPopupModel()).toEqual(before);
    await writeCachedPopupModel(after);
    expect(await readCachedPopupModel()).toEqual(after);
    // One string, not the object: the browser converts an object value field by field.
    expect(typeof JSON.parse(session.values.get("popupModel")!)).toBe("string");
  });

  it("shows the cached list as refreshing with every control disabled, then the fresh one, and caches that", async () => {
    await writeCachedPopupModel(before);
    const fresh = deferred<PopupModel>();
    await startPopup({ fresh: fresh.promise, cached: readCachedPopupModel(), settings: Promise.resolve(DEFAULT_SETTINGS) });

    expect(tokens()).toEqual(["3a5f0c21", "77aa0001"]);
    expect(certificates()).toEqual(["A".repeat(40), "B".repeat(40), "C".repeat(40)]);
    expect(document.querySelector(".refreshing")!.textContent).toBe("Список обновляется…");
    expect(document.querySelector("main")!.getAttribute("aria-busy")).toBe("true");
    const listing = document.querySelector("fieldset.model")!;
    const controls = [...listing.querySelectorAll("button, input")];
    // Cleanup on both tokens, details of every certificate, restore and save of the backup.
    expect(controls.filter((c) => c.matches(".cleanup-open, .details-toggle, .restore, .save-cer"))).toHaveLength(2 + 3 + 2);
    expect(controls.filter((c) => !disabled(c))).toEqual([]);
    expect(performance.getEntriesByName("kep:popup-fresh")).toHaveLength(0);

    fresh.resolve(after);
    await waitFor(() => expect(tokens()).toEqual(["3a5f0c21"]));
    expect(certificates()).toEqual(["A".repeat(40)]);
    expect(document.querySelector(".refreshing")).toBeNull();
    expect(document.querySelector("main")!.getAttribute("aria-busy")).toBe("false");
    expect(disabled(document.querySelector(".cleanup-open")!)).toBe(false);
    expect(disabled(document.querySelector(".details-toggle")!)).toBe(false);
    expect(performance.getEntriesByName("kep:popup-fresh")).toHaveLength(1);
    await waitFor(async () => expect(await readCachedPopupModel()).toEqual(after));
  });

  it("renders the fresh model straight away when it arrives before the cache is read", async () => {
    const fresh = Promise.resolve(after);
    await startPopup({ fresh, cached: new Promise(() => undefined), settings: Promise.resolve(DEFAULT_SETTINGS) });
    await waitFor(() => expect(certificates()).toEqual(["A".repeat(40)]));
    expect(document.querySelector(".refreshing")).toBeNull();
    expect(document.querySelector("fieldset.model")!.hasAttribute("disabled")).toBe(false);
  });

  it("waits for the fresh model when the reissue assistant opens cleanup (#cleanup)", async () => {
    await writeCachedPopupModel(before);
    location.hash = "#cleanup";
    const fresh = deferred<PopupModel>();
    await startPopup({ fresh: fresh.promise, cached: readCachedPopupModel(), settings: Promise.resolve(DEFAULT_SETTINGS) });
    expect(certificates()).toEqual([]);
    expect(document.querySelector('[role="status"]')!.textContent).toBe("Ищем токены…");
    fresh.resolve(after);
    await waitFor(() => expect(document.querySelector(".cleanup")).not.toBeNull());
    expect(certificates()).toEqual(["A".repeat(40)]);
  });

  it("drops the cached list when the fresh answer is an error", async () => {
    const api: PopupApi = {
      load: () => Promise.reject(deserializeError({ code: "HOST_NOT_FOUND", message: "Specified native messaging host not found." })),
      login: vi.fn(),
      cleanup: vi.fn(),
      restore: vi.fn(),
    };
    render(<App api={api} now={() => NOW} cached={before} />);
    await waitFor(() => expect(document.querySelector('[data-code="HOST_NOT_FOUND"]')).not.toBeNull());
    expect(certificates()).toEqual([]);
    expect(document.querySelector(".refreshing")).toBeNull();
  });
});
