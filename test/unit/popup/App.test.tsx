// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ErrorInfo } from "../../../shared/protocol/index.ts";
import { App } from "../../../extension/src/popup/App.tsx";
import type { PopupApi } from "../../../extension/src/popup/api.ts";
import { deserializeError } from "../../../shared/protocol/kep-error.ts";
import type { PopupModel } from "../../../extension/src/messaging/popup-model.ts";
import { installChromeI18n } from "./chrome-i18n.ts";
import { certificateDer, entry, keyPair, model, NOW, tokenInfo } from "./model.ts";

function api(load: () => Promise<PopupModel>, over: Partial<PopupApi> = {}): PopupApi {
  return {
    load,
    login: vi.fn(() => Promise.resolve()),
    cleanup: vi.fn(() => Promise.resolve({ deleted: [], notDeleted: [], backedUp: [] })),
    restore: vi.fn(() => Promise.resolve({ written: true })),
    ...over,
  };
}

const renderModel = (m: PopupModel, over: Partial<PopupApi> = {}) => {
  const a = api(() => Promise.resolve(m), over);
  render(<App api={a} now={() => NOW} />);
  return a;
};
const items = () => [...document.querySelectorAll<HTMLElement>(".certificate")];

let der: { valid: string; soon: string; expired: string; future: string; org: string };

describe("popup", () => {
  beforeAll(async () => {
    installChromeI18n("ru");
    der = {
      valid: await certificateDer("CN=Иванов Иван Иванович, SN=Иванов, G=Иван Иванович, 1.2.643.3.131.1.1=771234567890", 200),
      soon: await certificateDer("CN=Петрова Анна, SN=Петрова, G=Анна Сергеевна", 3),
      expired: await certificateDer("CN=Иванов Иван Иванович, SN=Иванов, G=Иван Иванович", -21),
      future: await certificateDer("CN=Сидоров, SN=Сидоров, G=Пётр", 400, 5),
      org: await certificateDer("CN=ООО Ромашка, O=ООО Ромашка, SN=Петров, G=Пётр", 45),
    };
  });
  afterEach(cleanup);

  it("shows each certificate's status and days left, soonest-expiring first", async () => {
    renderModel(
      model([
        {
          certificates: [
            entry("A", der.valid, "01"),
            entry("B", der.expired, null),
            entry("C", der.soon, "03", { key: { id: "03", by: "id", idMismatch: true } }),
            entry("D", der.future, "04"),
            entry("E", der.org, "05"),
          ],
          keys: [keyPair("01", ["A".repeat(40)]), keyPair("03", [], { hasPrivateKey: false }), keyPair("04", []), keyPair("05", [])],
        },
      ]),
    );
    await waitFor(() => expect(items()).toHaveLength(5));
    expect(items().map((i) => i.dataset.status)).toEqual(["expiring", "expiring", "valid", "notYetValid", "expired"]);
    expect(items().map((i) => i.querySelector(".days-left")!.textContent)).toEqual([
      "осталось 3 дня",
      "осталось 45 дней",
      "осталось 200 дней",
      "ещё не действует",
      "истёк 21 день назад",
    ]);
    expect(items()[0]!.className).toContain("urgency-urgent");
    expect(items()[0]!.querySelector(".certificate-owner")!.textContent).toBe("Петрова Анна Сергеевна");
    expect(items()[0]!.textContent).toContain("На токене только открытый ключ");
    expect(items()[0]!.textContent).toContain("CKA_ID сертификата не совпадает");
    expect(items()[1]!.querySelector(".certificate-org")!.textContent).toBe("ООО Ромашка");
    expect(items()[2]!.querySelector(".certificate-ids")!.textContent).toBe("ИНН 771234567890");
    expect(items()[4]!.textContent).toContain("Ключа на токене нет");
    expect(screen.getByText(/Серийный номер 3a5f0c21/)).toBeTruthy();
    expect(document.querySelector(".memory")!.getAttribute("data-free")).toBe("40000");
    expect(document.querySelector("[data-pin]")!.getAttribute("data-pin")).toBe("ok");
  });

  it("uses the configured threshold and marks key-less certificates and revocations a site reported", async () => {
    renderModel(
      model(
        [{ certificates: [entry("A", der.valid, null), entry("E", der.org, "05"), entry("C", der.soon, "03")], keys: [keyPair("05", []), keyPair("03", [])] }],
        {
          warnDays: 30,
          revoked: ["C".repeat(40)],
        },
      ),
    );
    await waitFor(() => expect(items()).toHaveLength(3));
    const status = Object.fromEntries(items().map((i) => [i.dataset.thumbprint![0], i.dataset.status]));
    expect(status).toEqual({ A: "noKey", E: "valid", C: "reportedRevoked" });
    expect(screen.getByText("Сайт сообщил об отзыве (не проверено)")).toBeTruthy();
    expect(screen.queryByText("Отозван")).toBeNull();
  });

  it("groups certificates of one key pair and lists a key pair without certificates", async () => {
    renderModel(model([{ certificates: [entry("A", der.valid, "01"), entry("B", der.expired, "01")], keys: [keyPair("01", []), keyPair("09", [])] }]));
    await waitFor(() => expect(document.querySelectorAll(".group")).toHaveLength(2));
    const group = document.querySelector<HTMLElement>('.group[data-key-id="01"]')!;
    expect(group.querySelectorAll(".certificate")).toHaveLength(2);
    expect(group.querySelector(".group-title")!.textContent).toContain("сертификатов: 2");
    expect(document.querySelector('.key-only[data-key-id="09"]')!.textContent).toContain("без сертификата");
  });

  it("shows details with Russian attribute names and the thumbprint as CryptoPro does, from the keyboard", async () => {
    renderModel(
      model([{ certificates: [entry("A", der.valid, "01", { thumbprint: "A1B2C3D4E5F60718293A4B5C6D7E8F9001122334" })], keys: [keyPair("01", [])] }]),
    );
    const toggle = await screen.findByRole("button", { name: "Подробнее" });
    expect(toggle.tagName).toBe("BUTTON");
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(toggle);
    const details = document.querySelector(".details")!;
    expect(details.querySelector(".thumbprint")!.textContent).toBe("a1 b2 c3 d4 e5 f6 07 18 29 3a 4b 5c 6d 7e 8f 90 01 12 23 34");
    expect(details.textContent).toContain("Фамилия (SN)");
    expect(details.textContent).toContain("Имя и отчество (G)");
    expect(details.textContent).toContain("ИНН771234567890");
    expect(details.textContent).not.toContain("ИНН (ИНН)");
    expect(details.querySelector(".details-serial")!.textContent).toBe("01");
    expect(details.querySelector(".details-algorithm")!.textContent).toMatch(/^ec/);
    expect(screen.getByRole("button", { name: "Сохранить .cer" })).toBeTruthy();
  });

  it("opens and closes each certificate's details on its own toggle only", async () => {
    renderModel(model([{ certificates: [entry("A", der.valid, "01"), entry("B", der.soon, "02")], keys: [keyPair("01", []), keyPair("02", [])] }]));
    await waitFor(() => expect(items()).toHaveLength(2));
    const [soon, valid] = items();
    const toggle = (card: HTMLElement) => card.querySelector<HTMLButtonElement>(".details-toggle")!;
    fireEvent.click(toggle(valid!));
    await waitFor(() => expect(valid!.querySelector(".details")).not.toBeNull());
    expect(toggle(valid!).getAttribute("aria-expanded")).toBe("true");
    expect(soon!.querySelector(".details")).toBeNull();
    // A click inside the open details is not a toggle.
    fireEvent.click(valid!.querySelector(".details .thumbprint")!);
    fireEvent.click(toggle(soon!));
    await waitFor(() => expect(soon!.querySelector(".details")).not.toBeNull());
    expect(valid!.querySelector(".details")).not.toBeNull();
    fireEvent.click(toggle(valid!));
    await waitFor(() => expect(valid!.querySelector(".details")).toBeNull());
    expect(toggle(valid!).getAttribute("aria-expanded")).toBe("false");
    expect(soon!.querySelector(".details")).not.toBeNull();
  });

  it("lists an unreadable certificate object instead of hiding it", async () => {
    renderModel(model([{ certificates: [{ thumbprint: "F".repeat(40), id: "", label: "junk", der: "AAAA", key: null, details: null }] }]));
    await waitFor(() => expect(screen.getByText(/не читается \(отпечаток f{40}\)/)).toBeTruthy());
    expect(items()[0]!.dataset.status).toBe("unreadable");
  });

  it("shows the PIN state: few tries, final try, locked", async () => {
    const pin = (over: object) => ({ initialized: true, countLow: false, finalTry: false, locked: false, mustChange: false, ...over });
    renderModel(
      model([
        { token: tokenInfo({ serial: "1", pin: pin({ countLow: true }) }) },
        { token: tokenInfo({ serial: "2", pin: pin({ countLow: true, finalTry: true }) }) },
        { token: tokenInfo({ serial: "3", pin: pin({ locked: true }) }) },
      ]),
    );
    await waitFor(() => expect(document.querySelectorAll("[data-pin]")).toHaveLength(3));
    expect([...document.querySelectorAll("[data-pin]")].map((p) => p.getAttribute("data-pin"))).toEqual(["countLow", "finalTry", "locked"]);
    expect(screen.getByText(/последняя попытка/)).toBeTruthy();
  });

  it("guides the user when no token is inserted, naming the driver when no library loaded", async () => {
    renderModel(model([], { modules: [] }));
    await waitFor(() => expect(screen.getByTestId("no-tokens").textContent).toMatch(/Вставьте токен/));
    expect(screen.getByTestId("no-driver").textContent).toMatch(/драйвер/);
  });

  it("shows a library that failed to load, by name", async () => {
    const error: ErrorInfo = { code: "MODULE_LOAD_FAILED", message: "dlopen failed", details: { path: "/opt/x/libjcPKCS11-2.so" } };
    renderModel(model([], { modules: [{ path: "/opt/x/libjcPKCS11-2.so", name: "JaCarta", loaded: false, error }] }));
    await waitFor(() => expect(screen.getByText(/Библиотека JaCarta не загрузилась/)).toBeTruthy());
  });

  it("explains how to install the host when it is missing", async () => {
    render(
      <App
        api={api(() => Promise.reject(deserializeError({ code: "HOST_NOT_FOUND", message: "Specified native messaging host not found." })))}
        now={() => NOW}
      />,
    );
    const alert = await screen.findByRole("alert");
    expect(alert.dataset.code).toBe("HOST_NOT_FOUND");
    expect(alert.textContent).toContain("npm run install-host");
  });

  it("restores a backed-up certificate after asking for the PIN", async () => {
    const backup = {
      thumbprint: "B".repeat(40),
      der: der.expired,
      tokenSerial: "3a5f0c21",
      deletedAt: NOW.getTime(),
      label: "old",
      owner: "Иванов Иван Иванович",
      notAfter: NOW.getTime(),
    };
    const a = renderModel(model([{}], { backups: [backup] }));
    fireEvent.click(await screen.findByRole("button", { name: "Вернуть на токен" }));
    fireEvent.input(screen.getByLabelText("PIN-код токена"), { target: { value: "12345678" } });
    fireEvent.click(screen.getByRole("button", { name: "Войти" }));
    await waitFor(() => expect(a.restore).toHaveBeenCalledWith({ module: "/usr/lib/librtpkcs11ecp.so", serial: "3a5f0c21" }, "B".repeat(40)));
    expect(a.login).toHaveBeenCalledWith({ module: "/usr/lib/librtpkcs11ecp.so", serial: "3a5f0c21" }, "12345678");
  });

  it("speaks English when the browser does", async () => {
    installChromeI18n("en");
    try {
      renderModel(model([{ certificates: [entry("C", der.soon, "03")], keys: [keyPair("03", [])] }]));
      await waitFor(() => expect(items()).toHaveLength(1));
      expect(items()[0]!.textContent).toContain("Expiring");
      expect(screen.getByRole("button", { name: "Clean up token" })).toBeTruthy();
    } finally {
      installChromeI18n("ru");
    }
  });
});
