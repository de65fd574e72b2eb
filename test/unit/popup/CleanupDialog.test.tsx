// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { App } from "../../../extension/src/popup/App.tsx";
import type { PopupApi } from "../../../extension/src/popup/api.ts";
import { deserializeError } from "../../../shared/protocol/kep-error.ts";
import type { CleanupReport, PopupModel } from "../../../extension/src/messaging/popup-model.ts";
import { installChromeI18n } from "./chrome-i18n.ts";
import { certificateDer, entry, keyPair, model, NOW } from "./model.ts";

const REF = { module: "/usr/lib/librtpkcs11ecp.so", serial: "3a5f0c21" };
const T = (c: string) => c.repeat(40);
let token: PopupModel;

function setup(over: Partial<PopupApi> = {}, m = token) {
  const api: PopupApi = {
    load: vi.fn(() => Promise.resolve(m)),
    login: vi.fn(() => Promise.resolve()),
    cleanup: vi.fn((): Promise<CleanupReport> => Promise.resolve({ deleted: [], notDeleted: [], backedUp: [] })),
    restore: vi.fn(() => Promise.resolve({ written: true })),
    ...over,
  };
  render(<App api={api} now={() => NOW} />);
  return api;
}

const checked = () =>
  [...document.querySelectorAll<HTMLElement>(".candidate")]
    .filter((c) => c.querySelector("input")!.checked)
    .map((c) => c.dataset.item)
    .sort();

describe("cleanup dialog", () => {
  beforeAll(async () => {
    installChromeI18n("ru");
    const [valid, oldOfValid, expired, newer] = await Promise.all([
      certificateDer("CN=Иванов Иван, SN=Иванов, G=Иван", 200),
      certificateDer("CN=Иванов Иван, SN=Иванов, G=Иван", 20),
      certificateDer("CN=Петров Пётр, SN=Петров, G=Пётр", -10),
      certificateDer("CN=Сидоров, SN=Сидоров, G=Сидор", 300),
    ]);
    token = model([
      {
        certificates: [
          entry("A", valid, "01"),
          entry("B", oldOfValid, "02"),
          entry("C", expired, "03"),
          entry("D", newer, null),
          { thumbprint: T("F"), id: "", label: "junk", der: "AAAA", key: null, details: null },
        ],
        keys: [keyPair("01", [T("A")]), keyPair("02", [T("B")]), keyPair("03", [T("C")]), keyPair("09", [])],
      },
    ]);
  });
  afterEach(cleanup);

  it("pre-checks only outdated objects; certificates in force, superseded ones too, stay unchecked and apart", async () => {
    setup();
    fireEvent.click(await screen.findByRole("button", { name: "Очистить токен" }));
    expect(checked()).toEqual([`c:${T("C")}`, `c:${T("F")}`, "k:03"]);
    const inForce = [...document.querySelectorAll<HTMLElement>(".candidate-in-force")].map((c) => [c.dataset.item, c.dataset.reason]);
    expect(inForce).toEqual(
      expect.arrayContaining([
        [`c:${T("A")}`, "inUse"],
        [`c:${T("B")}`, "superseded"],
        [`c:${T("D")}`, "inUse"],
        ["k:01", "inUse"],
        ["k:02", "inUse"],
      ]),
    );
    // A key pair without any certificate may be waiting for one: offered, not pre-checked.
    expect(document.querySelector<HTMLElement>('.candidate[data-item="k:09"]')!.dataset.reason).toBe("keyWithoutCertificate");
  });

  it("confirms exactly what goes and the memory after, logs in with the PIN, deletes and reports", async () => {
    const report: CleanupReport = {
      deleted: [{ kind: "certificate", thumbprint: T("C") }],
      notDeleted: [
        { item: { kind: "certificate", thumbprint: T("F") }, error: { code: "TOKEN_REMOVED", message: "gone" } },
        { item: { kind: "keyPair", id: "03" }, error: { code: "TOKEN_REMOVED", message: "gone" } },
      ],
      backedUp: [T("C")],
    };
    const api = setup({ cleanup: vi.fn(() => Promise.resolve(report)) });
    fireEvent.click(await screen.findByRole("button", { name: "Очистить токен" }));
    fireEvent.click(screen.getByRole("button", { name: "Далее: выбрано 3" }));
    expect([...document.querySelectorAll<HTMLElement>(".confirm-list li")].map((l) => l.dataset.item).sort()).toEqual([`c:${T("C")}`, `c:${T("F")}`, "k:03"]);
    expect(document.querySelector(".memory-after")!.textContent).toMatch(/Свободно сейчас 39 KiB, после очистки около \d+ KiB/);
    const remove = screen.getByRole("button", { name: "Удалить (3)" }) as HTMLButtonElement;
    expect(remove.disabled).toBe(true);
    fireEvent.input(screen.getByLabelText("PIN-код токена"), { target: { value: "12345678" } });
    expect(remove.disabled).toBe(false);
    fireEvent.click(remove);
    await waitFor(() => expect(document.querySelector(".cleanup-result")).toBeTruthy());
    expect(api.login).toHaveBeenCalledWith(REF, "12345678");
    expect(api.cleanup).toHaveBeenCalledWith(
      REF,
      [
        { kind: "certificate", thumbprint: T("C") },
        { kind: "keyPair", id: "03" },
        { kind: "certificate", thumbprint: T("F") },
      ],
      false,
    );
    const result = document.querySelector(".cleanup-result")!;
    expect(result.textContent).toContain("Удалено объектов: 1");
    expect(result.textContent).toContain("Не удалено объектов: 2");
    expect(result.querySelector("[role=alert]")!.getAttribute("data-code")).toBe("TOKEN_REMOVED");
    // The view was reloaded after the run.
    expect(api.load).toHaveBeenCalledTimes(2);
  });

  it("a certificate in force picked by hand needs the second warning, then goes with force", async () => {
    const api = setup({}, { ...token, tokens: token.tokens.map((t) => ({ ...t, loggedIn: true })) });
    fireEvent.click(await screen.findByRole("button", { name: "Очистить токен" }));
    for (const item of [`c:${T("C")}`, `c:${T("F")}`, "k:03"]) fireEvent.click(document.querySelector(`.candidate[data-item="${item}"] input`)!);
    fireEvent.click(document.querySelector(`.candidate[data-item="c:${T("A")}"] input`)!);
    fireEvent.click(screen.getByRole("button", { name: "Далее: выбрано 1" }));
    expect(screen.getByRole("alert").textContent).toContain("выбраны действующие объекты");
    expect(screen.queryByLabelText("PIN-код токена")).toBeNull();
    const remove = screen.getByRole("button", { name: "Удалить (1)" }) as HTMLButtonElement;
    expect(remove.disabled).toBe(true);
    fireEvent.click(screen.getByLabelText(/Да, удалить и действующие объекты/));
    expect(remove.disabled).toBe(false);
    fireEvent.click(remove);
    await waitFor(() => expect(api.cleanup).toHaveBeenCalledWith(REF, [{ kind: "certificate", thumbprint: T("A") }], true));
    expect(api.login).not.toHaveBeenCalled();
  });

  it("a wrong PIN keeps the confirmation open with the tries left", async () => {
    const api = setup({ login: vi.fn(() => Promise.reject(deserializeError({ code: "PIN_INCORRECT", message: "bad", details: { triesLeft: 2 } }))) });
    fireEvent.click(await screen.findByRole("button", { name: "Очистить токен" }));
    fireEvent.click(screen.getByRole("button", { name: "Далее: выбрано 3" }));
    fireEvent.input(screen.getByLabelText("PIN-код токена"), { target: { value: "0000" } });
    fireEvent.click(screen.getByRole("button", { name: "Удалить (3)" }));
    const alert = await screen.findByRole("alert");
    expect(alert.getAttribute("data-code")).toBe("PIN_INCORRECT");
    expect(alert.textContent).toContain("2");
    expect(api.cleanup).not.toHaveBeenCalled();
  });
  it("never proposes a certificate in force, or its key, because a site reported it revoked; deleting it needs the warning", async () => {
    const api = setup({}, { ...token, revoked: [T("A")], tokens: token.tokens.map((t) => ({ ...t, loggedIn: true })) });
    fireEvent.click(await screen.findByRole("button", { name: "Очистить токен" }));
    expect(checked()).toEqual([`c:${T("C")}`, `c:${T("F")}`, "k:03"]);
    const reported = document.querySelector<HTMLElement>(`.candidate[data-item="c:${T("A")}"]`)!;
    expect(reported.classList.contains("candidate-in-force")).toBe(true);
    expect(reported.dataset.reason).toBe("reportedRevoked");
    expect(reported.textContent).toContain("сайт сообщил об отзыве, kep-bridge это не проверял");
    expect(document.querySelector<HTMLElement>('.candidate[data-item="k:01"]')!.dataset.reason).toBe("inUse");
    for (const item of [`c:${T("C")}`, `c:${T("F")}`, "k:03"]) fireEvent.click(document.querySelector(`.candidate[data-item="${item}"] input`)!);
    fireEvent.click(reported.querySelector("input")!);
    fireEvent.click(document.querySelector('.candidate[data-item="k:01"] input')!);
    fireEvent.click(screen.getByRole("button", { name: "Далее: выбрано 2" }));
    expect(screen.getByRole("alert").textContent).toContain("выбраны действующие объекты");
    const remove = screen.getByRole("button", { name: "Удалить (2)" }) as HTMLButtonElement;
    expect(remove.disabled).toBe(true);
    fireEvent.click(screen.getByLabelText(/Да, удалить и действующие объекты/));
    fireEvent.click(remove);
    await waitFor(() =>
      expect(api.cleanup).toHaveBeenCalledWith(
        REF,
        expect.arrayContaining([
          { kind: "certificate", thumbprint: T("A") },
          { kind: "keyPair", id: "01" },
        ]),
        true,
      ),
    );
  });

  it("shows a certificate its CA's CRL revoked as such, and offers it only behind the in-force warning, unticked", async () => {
    setup({}, { ...token, caRevoked: [T("A")], tokens: token.tokens.map((t) => ({ ...t, loggedIn: true })) });
    await screen.findByRole("button", { name: "Очистить токен" });
    const card = document.querySelector<HTMLElement>(`.certificate[data-thumbprint="${T("A")}"]`)!;
    expect(card.dataset.status).toBe("revoked");
    expect(card.textContent).toContain("Отозван удостоверяющим центром (по CRL)");
    fireEvent.click(screen.getByRole("button", { name: "Очистить токен" }));
    expect(checked()).toEqual([`c:${T("C")}`, `c:${T("F")}`, "k:03"]);
    const revoked = document.querySelector<HTMLElement>(`.candidate[data-item="c:${T("A")}"]`)!;
    expect(revoked.classList.contains("candidate-in-force")).toBe(true);
    expect(revoked.dataset.reason).toBe("revoked");
    expect(revoked.textContent).toContain("удостоверяющий центр отозвал его");
  });

  it("opens straight into cleanup when the reissue assistant links to #cleanup", async () => {
    render(<App api={{ load: () => Promise.resolve(token), login: vi.fn(), cleanup: vi.fn(), restore: vi.fn() }} now={() => NOW} cleanupFirst />);
    await waitFor(() => expect(document.querySelector(".cleanup")).toBeTruthy());
    expect(checked()).toEqual([`c:${T("C")}`, `c:${T("F")}`, "k:03"]);
  });
});
