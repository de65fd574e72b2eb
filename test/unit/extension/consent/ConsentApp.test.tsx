// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ConsentApp } from "../../../../extension/src/consent/ConsentApp.tsx";
import type { ConsentDetails } from "../../../../extension/src/messaging/consent.ts";
import { installChromeI18n } from "../../popup/chrome-i18n.ts";

const DETAILS: ConsentDetails = {
  id: "2f1b9c1e-8a7d-4c39-9a43-6f1f2f0a1b2c",
  origin: "https://lkip2.nalog.ru",
  operation: "sign",
  token: { label: "Рутокен Иванова", serial: "3a5f0c21", model: "Rutoken ECP" },
  certificate: { owner: "Иванов Иван Иванович", issuer: "Федеральная налоговая служба", notAfter: "2027-02-01T00:00:00.000Z", thumbprint: "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678" },
  document: { size: 2048, digest: "ab".repeat(32), preview: "Заявление на выдачу сертификата" },
  needsPin: true,
  allowRemember: true,
};

describe("confirmation window", () => {
  beforeAll(() => installChromeI18n("ru"));
  afterEach(cleanup);

  it("shows the site, the operation, the certificate and what is signed", async () => {
    render(<ConsentApp load={async () => ({ ok: true, result: DETAILS })} decide={vi.fn()} close={vi.fn()} />);
    await waitFor(() => expect(screen.getByTestId("consent-origin").textContent).toBe("https://lkip2.nalog.ru"));
    expect(screen.getByText("Подписать документ ключом с токена?")).toBeTruthy();
    expect(screen.getByTestId("consent-owner").textContent).toBe("Иванов Иван Иванович");
    expect(screen.getByText("a1 b2 c3 d4 e5 f6 07 18 29 3a 4b 5c 6d 7e 8f 90 12 34 56 78")).toBeTruthy();
    expect(screen.getByTestId("consent-digest").textContent).toBe("ab".repeat(32));
    expect(screen.getByText("Заявление на выдачу сертификата")).toBeTruthy();
  });

  it("sends the PIN with the approval, shows a wrong PIN for a retry, and clears the field", async () => {
    const decide = vi
      .fn()
      .mockResolvedValueOnce({ ok: true, result: { done: false, details: { ...DETAILS, error: { code: "PIN_INCORRECT", message: "", details: { triesLeft: 1 } } } } })
      .mockResolvedValueOnce({ ok: true, result: { done: true } });
    const close = vi.fn();
    render(<ConsentApp load={async () => ({ ok: true, result: DETAILS })} decide={decide} close={close} />);
    const pin = (await screen.findByTestId("consent-pin")) as HTMLInputElement;
    fireEvent.input(pin, { target: { value: "11111111" } });
    fireEvent.click(screen.getByTestId("consent-approve"));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toMatch(/Неверный PIN-код.*Осталось попыток: 1/));
    expect(decide).toHaveBeenLastCalledWith(true, "11111111", false);
    expect(close).not.toHaveBeenCalled();
    expect((screen.getByTestId("consent-pin") as HTMLInputElement).value).toBe("");
    fireEvent.input(screen.getByTestId("consent-pin"), { target: { value: "12345678" } });
    fireEvent.click(screen.getByTestId("consent-approve"));
    await waitFor(() => expect(close).toHaveBeenCalled());
    expect(decide).toHaveBeenLastCalledWith(true, "12345678", false);
  });

  it("cancels without sending a PIN", async () => {
    const decide = vi.fn().mockResolvedValue({ ok: true, result: { done: true } });
    render(<ConsentApp load={async () => ({ ok: true, result: DETAILS })} decide={decide} close={vi.fn()} />);
    fireEvent.input(await screen.findByTestId("consent-pin"), { target: { value: "12345678" } });
    fireEvent.click(screen.getByTestId("consent-cancel"));
    await waitFor(() => expect(decide).toHaveBeenCalledWith(false, undefined, false));
  });
});
