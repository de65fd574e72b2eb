// @vitest-environment happy-dom
import "fake-indexeddb/auto";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { OptionsApp } from "../../../extension/src/options/OptionsApp.tsx";
import { parseDays } from "../../../extension/src/options/parse-days.ts";
import { DEFAULT_SETTINGS, type Settings } from "../../../extension/src/storage/settings.ts";
import { basicConstraintsExt, buildCertificate } from "../x509/build-cert.ts";
import { installChromeI18n } from "./chrome-i18n.ts";

function withRuntime(answer: unknown) {
  const sendMessage = vi.fn(() => Promise.resolve(answer));
  (globalThis as unknown as { chrome: { runtime?: unknown } }).chrome.runtime = { sendMessage };
  return sendMessage;
}

describe("options page", () => {
  beforeAll(() => installChromeI18n("ru"));
  afterEach(cleanup);

  it("parses day lists: whole days 1..365, deduplicated, largest first", () => {
    expect(parseDays("7, 60;30 14 1 7")).toEqual([60, 30, 14, 7, 1]);
    expect(parseDays("0")).toBeNull();
    expect(parseDays("10.5")).toBeNull();
    expect(parseDays("")).toBeNull();
  });

  it("saves thresholds and language; refuses invalid day lists", async () => {
    const save = vi.fn((_: Settings) => Promise.resolve());
    render(<OptionsApp initial={DEFAULT_SETTINGS} save={save} />);
    fireEvent.input(screen.getByLabelText(/скоро истекает/), { target: { value: "45" } });
    fireEvent.input(screen.getByLabelText(/Уведомлять/), { target: { value: "30, 7, x" } });
    expect((screen.getByRole("button", { name: "Сохранить" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.input(screen.getByLabelText(/Уведомлять/), { target: { value: "30, 7" } });
    fireEvent.change(document.getElementById("language")!, { target: { value: "en" } });
    fireEvent.click(screen.getByRole("button", { name: "Сохранить" }));
    await waitFor(() => expect(save).toHaveBeenCalledWith({ ...DEFAULT_SETTINGS, warnDays: 45, notifyDays: [30, 7], language: "en" }));
    expect(await screen.findByText("Сохранено")).toBeTruthy();
  });

  it("keeps custom library paths, hands them to the host and tests the libraries", async () => {
    const save = vi.fn((_: Settings) => Promise.resolve());
    const send = withRuntime({
      ok: true,
      result: {
        tokens: [{ module: "/usr/lib/librtpkcs11ecp.so" }],
        modules: [
          { path: "/usr/lib/librtpkcs11ecp.so", name: "Rutoken", loaded: true },
          { path: "/opt/jc/libjcPKCS11-2.so", name: "JaCarta", loaded: false, error: { code: "MODULE_LOAD_FAILED", message: "dlopen" } },
        ],
      },
    });
    render(<OptionsApp initial={DEFAULT_SETTINGS} save={save} />);
    // Listed on open.
    await waitFor(() => expect(document.querySelectorAll("[data-loaded]")).toHaveLength(2));
    fireEvent.input(screen.getByLabelText(/Путь к библиотеке/), { target: { value: " /opt/my/libpkcs11.so " } });
    fireEvent.click(screen.getByRole("button", { name: "Добавить" }));
    // Nothing reaches the host before the user confirms loading the library.
    expect(screen.getByRole("alertdialog").textContent).toContain("/opt/my/libpkcs11.so");
    expect(send).toHaveBeenCalledTimes(1);
    expect(save).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Загрузить библиотеку" }));
    // The host gets the new list at once, and the libraries are tested again.
    await waitFor(() => expect(send).toHaveBeenCalledWith({ kind: "setModules", modules: ["/opt/my/libpkcs11.so"] }));
    await waitFor(() => expect(save).toHaveBeenLastCalledWith({ ...DEFAULT_SETTINGS, customModules: ["/opt/my/libpkcs11.so"] }));
    await waitFor(() => expect(send).toHaveBeenCalledTimes(3));
    fireEvent.click(await screen.findByRole("button", { name: "Проверить" }));
    await waitFor(() => expect(send).toHaveBeenCalledTimes(4));
    expect(send).toHaveBeenCalledWith({ kind: "modules" });
    expect(screen.getByText("загружена, токенов: 1")).toBeTruthy();
    expect(screen.getByText("не загрузилась")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Убрать" }));
    await waitFor(() => expect(save).toHaveBeenLastCalledWith({ ...DEFAULT_SETTINGS, customModules: [] }));
  });

  it("does not keep a library path the host refuses, and cancelling the confirmation changes nothing", async () => {
    const save = vi.fn((_: Settings) => Promise.resolve());
    const send = vi.fn((request: { kind: string }) =>
      Promise.resolve(
        request.kind === "setModules"
          ? { ok: false, error: { code: "MODULE_UNTRUSTED", message: "refusing", details: { path: "/tmp/x/lib.so" } } }
          : { ok: true, result: { tokens: [], modules: [] } },
      ),
    );
    (globalThis as unknown as { chrome: { runtime?: unknown } }).chrome.runtime = { sendMessage: send };
    render(<OptionsApp initial={DEFAULT_SETTINGS} save={save} />);
    fireEvent.input(screen.getByLabelText(/Путь к библиотеке/), { target: { value: "/tmp/x/lib.so" } });
    fireEvent.click(screen.getByRole("button", { name: "Добавить" }));
    fireEvent.click(screen.getByRole("button", { name: "Отмена" }));
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(send).not.toHaveBeenCalledWith({ kind: "setModules", modules: ["/tmp/x/lib.so"] });
    fireEvent.input(screen.getByLabelText(/Путь к библиотеке/), { target: { value: "/tmp/x/lib.so" } });
    fireEvent.click(screen.getByRole("button", { name: "Добавить" }));
    fireEvent.click(screen.getByRole("button", { name: "Загрузить библиотеку" }));
    expect((await screen.findByRole("alert")).textContent).toContain("не загружена");
    expect(save).not.toHaveBeenCalled();
  });

  it("adds CA certificates from files for the Root store, says why it refuses others, and removes them", async () => {
    withRuntime({ ok: true, result: { tokens: [], modules: [] } });
    const ca = await buildCertificate({ subject: [["2.5.4.3", "Минцифры России TEST"]], extensions: [basicConstraintsExt(true)] });
    const user = await buildCertificate({ subject: [["2.5.4.3", "Иванов"]] });
    render(<OptionsApp initial={DEFAULT_SETTINGS} save={() => Promise.resolve()} />);
    const input = document.querySelector<HTMLInputElement>("[data-input=roots]")!;
    expect(screen.getByText("Пока не добавлено ни одного.")).toBeTruthy();
    fireEvent.change(input, { target: { files: [new File([new Uint8Array(user.der)], "user.cer")] } });
    expect((await screen.findByRole("alert")).textContent).toBe("user.cer: это сертификат пользователя, а не удостоверяющего центра.");
    fireEvent.change(input, { target: { files: [new File([new Uint8Array(ca.der)], "mincifry.cer")] } });
    expect((await screen.findByRole("status")).textContent).toBe("Добавлен: Минцифры России TEST");
    await waitFor(() => expect(document.querySelector("[data-list=roots] li")?.textContent).toContain("Минцифры России TEST"));
    fireEvent.click(screen.getAllByRole("button", { name: "Убрать" }).at(-1)!);
    await waitFor(() => expect(document.querySelector("[data-list=roots]")).toBeNull());
  });
});
