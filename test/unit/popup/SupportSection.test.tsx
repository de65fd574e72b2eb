// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import * as v from "valibot";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { UiRequestSchema } from "../../../extension/src/messaging/ui-protocol.ts";
import { SupportSection } from "../../../extension/src/options/SupportSection.tsx";
import { installChromeI18n } from "./chrome-i18n.ts";

function withRuntime(answer: unknown) {
  const sendMessage = vi.fn((_: unknown) => Promise.resolve(answer));
  (globalThis as unknown as { chrome: { runtime?: unknown } }).chrome.runtime = { sendMessage, getManifest: () => ({ version: "0.1.0" }) };
  return sendMessage;
}

function withClipboard(writeText: (text: string) => Promise<void>) {
  const spy = vi.fn(writeText);
  Object.defineProperty(navigator, "clipboard", { value: { writeText: spy }, configurable: true });
  return spy;
}

const HOST_TEXT = "Отчёт kep-bridge для поддержки — 2026-12-01\nВыводы:\n  проблем не найдено\n";

describe("options page: support report", () => {
  beforeEach(() => installChromeI18n("ru"));
  afterEach(cleanup);

  it("asks the host for the report in the page's language and copies it, headed by the extension's version", async () => {
    const send = withRuntime({ ok: true, result: { report: {}, text: HOST_TEXT } });
    const clipboard = withClipboard(() => Promise.resolve());
    render(<SupportSection />);
    fireEvent.click(screen.getByRole("button", { name: "Скопировать отчёт для поддержки" }));
    expect(await screen.findByRole("status")).toHaveProperty("textContent", "Отчёт скопирован в буфер обмена");
    expect(send).toHaveBeenCalledWith({ kind: "doctor", lang: "ru" });
    const copied = clipboard.mock.calls[0]![0];
    expect(copied).toMatch(/^Расширение kep-bridge 0\.1\.0, браузер: .+\n/);
    expect(copied.endsWith(HOST_TEXT)).toBe(true);
    expect((screen.getByLabelText("Текст отчёта") as HTMLTextAreaElement).value).toBe(copied);
  });

  it("copies what went wrong when the host does not answer, and shows the text when the clipboard refuses", async () => {
    installChromeI18n("en");
    const send = withRuntime({
      ok: false,
      error: { code: "HOST_NOT_FOUND", message: "native host ru.kepbridge.host is not installed: Specified native messaging host not found." },
    });
    withClipboard(() => Promise.reject(new Error("denied")));
    render(<SupportSection />);
    fireEvent.click(screen.getByRole("button", { name: "Copy the report for support" }));
    await waitFor(() => expect(screen.getAllByRole("alert")).toHaveLength(2));
    expect(send).toHaveBeenCalledWith({ kind: "doctor", lang: "en" });
    const text = (screen.getByLabelText("Report text") as HTMLTextAreaElement).value;
    expect(text).toMatch(/^kep-bridge extension 0\.1\.0, browser: /);
    expect(text).toContain("The kep-bridge host did not answer:");
    expect(text).toContain("HOST_NOT_FOUND: native host ru.kepbridge.host is not installed");
    expect(screen.getByText(/Could not copy/)).toBeTruthy();
    expect(document.querySelector("[data-code=HOST_NOT_FOUND]")).not.toBeNull();
  });

  it("carries only the language to the background: a full report cannot be asked for from the browser", () => {
    expect(v.parse(UiRequestSchema, { kind: "doctor", lang: "en", full: true })).toEqual({ kind: "doctor", lang: "en" });
    expect(v.safeParse(UiRequestSchema, { kind: "doctor", lang: "de" }).success).toBe(false);
  });
});
