// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ARM_DELAY_MS, ConsentApp } from "../../../../extension/src/consent/ConsentApp.tsx";
import type { ConsentDetails } from "../../../../extension/src/messaging/consent.ts";
import { installChromeI18n } from "../../popup/chrome-i18n.ts";

const DETAILS: ConsentDetails = {
  id: "2f1b9c1e-8a7d-4c39-9a43-6f1f2f0a1b2c",
  origin: "https://lkip2.nalog.ru",
  operation: "sign",
  token: { label: "Рутокен Иванова", serial: "3a5f0c21", model: "Rutoken ECP" },
  certificate: {
    owner: "Иванов Иван Иванович",
    issuer: "Федеральная налоговая служба",
    notAfter: "2027-02-01T00:00:00.000Z",
    thumbprint: "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678",
  },
  document: { size: 2048, digest: "ab".repeat(32), preview: { text: "Заявление на выдачу сертификата", shownChars: 31, totalChars: 31 } },
};

/** The window has the focus and Approve has armed, as after the user looked at it for a second. */
async function armed(): Promise<HTMLButtonElement> {
  fireEvent.focus(window);
  const approve = (await screen.findByTestId("consent-approve")) as HTMLButtonElement;
  await waitFor(() => expect(approve.disabled).toBe(false), { timeout: ARM_DELAY_MS + 1000 });
  return approve;
}

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

  it("marks a page of the running gateway's origin as GOST TLS through kep-bridge, with the session's certificate; other pages not", async () => {
    const viaGateway: ConsentDetails = {
      ...DETAILS,
      origin: "https://lkipgost2.nalog.ru",
      gateway: { signedInWith: { owner: "Петров Пётр", thumbprint: "0F".repeat(20) } },
    };
    render(<ConsentApp load={async () => ({ ok: true, result: viaGateway })} decide={vi.fn()} close={vi.fn()} />);
    const mark = await screen.findByTestId("consent-gateway");
    expect(mark.firstChild?.textContent).toBe("Соединение ГОСТ TLS через kep-bridge");
    expect(screen.getByTestId("consent-gateway-certificate").textContent).toBe(`Вход в кабинет выполнен по сертификату: Петров Пётр ${"0f ".repeat(19)}0f`);
    cleanup();
    render(<ConsentApp load={async () => ({ ok: true, result: DETAILS })} decide={vi.fn()} close={vi.fn()} />);
    await screen.findByTestId("consent-origin");
    expect(screen.queryByTestId("consent-gateway")).toBeNull();
  });

  it("sends the PIN with the approval, shows a wrong PIN for a retry, and clears the field", async () => {
    const decide = vi
      .fn()
      .mockResolvedValueOnce({
        ok: true,
        result: { done: false, details: { ...DETAILS, error: { code: "PIN_INCORRECT", message: "", details: { triesLeft: 1 } } } },
      })
      .mockResolvedValueOnce({ ok: true, result: { done: true } });
    const close = vi.fn();
    render(<ConsentApp load={async () => ({ ok: true, result: DETAILS })} decide={decide} close={close} />);
    const pin = (await screen.findByTestId("consent-pin")) as HTMLInputElement;
    fireEvent.input(pin, { target: { value: "11111111" } });
    fireEvent.click(await armed());
    await waitFor(() => expect(screen.getByRole("alert").textContent).toMatch(/Неверный PIN-код.*Осталось попыток: 1/));
    expect(decide).toHaveBeenLastCalledWith(true, "11111111");
    expect(close).not.toHaveBeenCalled();
    expect((screen.getByTestId("consent-pin") as HTMLInputElement).value).toBe("");
    fireEvent.input(screen.getByTestId("consent-pin"), { target: { value: "12345678" } });
    fireEvent.click(screen.getByTestId("consent-approve"));
    await waitFor(() => expect(close).toHaveBeenCalled());
    expect(decide).toHaveBeenLastCalledWith(true, "12345678");
  });

  it("cancels without sending a PIN", async () => {
    const decide = vi.fn().mockResolvedValue({ ok: true, result: { done: true } });
    render(<ConsentApp load={async () => ({ ok: true, result: DETAILS })} decide={decide} close={vi.fn()} />);
    fireEvent.input(await screen.findByTestId("consent-pin"), { target: { value: "12345678" } });
    fireEvent.click(screen.getByTestId("consent-cancel"));
    await waitFor(() => expect(decide).toHaveBeenCalledWith(false, undefined));
  });

  it("arms Approve only a second after the window has the focus, and disarms it when the focus leaves", async () => {
    const decide = vi.fn().mockResolvedValue({ ok: true, result: { done: true } });
    render(<ConsentApp load={async () => ({ ok: true, result: DETAILS })} decide={decide} close={vi.fn()} />);
    fireEvent.input(await screen.findByTestId("consent-pin"), { target: { value: "12345678" } });
    const approve = screen.getByTestId("consent-approve") as HTMLButtonElement;
    fireEvent.focus(window);
    expect(approve.disabled).toBe(true);
    fireEvent.submit(approve.closest("form")!);
    await new Promise((r) => setTimeout(r, ARM_DELAY_MS / 2));
    expect(approve.disabled).toBe(true);
    expect(decide).not.toHaveBeenCalled();
    await waitFor(() => expect(approve.disabled).toBe(false), { timeout: ARM_DELAY_MS + 1000 });
    fireEvent.blur(window);
    await waitFor(() => expect(approve.disabled).toBe(true));
    fireEvent.submit(approve.closest("form")!);
    expect(decide).not.toHaveBeenCalled();
  });

  it("shows direction overrides and invisible characters as marks in the document, owner, issuer and token", async () => {
    const rlo = "\u202E";
    const details: ConsentDetails = {
      ...DETAILS,
      token: { ...DETAILS.token, label: `Рутокен\u200B${rlo}` },
      certificate: { ...DETAILS.certificate!, owner: `Иванов ${rlo}вонавИ`, issuer: `ФНС\u2066\uFEFF` },
      document: {
        size: 40,
        digest: "ab".repeat(32),
        preview: { text: `ИНН ${rlo}3983807077\u202C, счёт\u00AD 00001\nвторая строка`, shownChars: 44, totalChars: 44 },
      },
    };
    render(<ConsentApp load={async () => ({ ok: true, result: details })} decide={vi.fn()} close={vi.fn()} />);
    const preview = await screen.findByTestId("consent-preview");
    expect(preview.textContent).toBe("ИНН ⟦U+202E⟧3983807077⟦U+202C⟧, счёт⟦U+00AD⟧ 00001\nвторая строка");
    expect(screen.getByTestId("consent-owner").textContent).toBe("Иванов ⟦U+202E⟧вонавИ");
    expect(screen.getByTestId("consent-issuer").textContent).toBe("ФНС⟦U+2066⟧⟦U+FEFF⟧");
    expect(screen.getByTestId("consent-token").textContent).toContain("Рутокен⟦U+200B⟧⟦U+202E⟧");
    expect(document.body.textContent).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B\uFEFF\u00AD]/);
  });

  it("says how much of a long document it shows", async () => {
    const details: ConsentDetails = {
      ...DETAILS,
      document: { size: 300_000, digest: "ab".repeat(32), preview: { text: "x".repeat(1000), shownChars: 1000, totalChars: 250_000 } },
    };
    render(<ConsentApp load={async () => ({ ok: true, result: details })} decide={vi.fn()} close={vi.fn()} />);
    expect((await screen.findByTestId("consent-preview-note")).textContent).toBe(
      "Показаны первые 1000 из 250000 символов документа; остальное окно не показывает",
    );
  });

  it("warns strongly when only a digest or a binary document is signed", async () => {
    const digestOnly: ConsentDetails = { ...DETAILS, document: { size: 0, digest: "ab".repeat(32), digestOnly: true } };
    render(<ConsentApp load={async () => ({ ok: true, result: digestOnly })} decide={vi.fn()} close={vi.fn()} />);
    expect((await screen.findByTestId("consent-blind")).textContent).toMatch(/только хеш/);
    cleanup();
    const binary: ConsentDetails = { ...DETAILS, document: { size: 5000, digest: "ab".repeat(32) } };
    render(<ConsentApp load={async () => ({ ok: true, result: binary })} decide={vi.fn()} close={vi.fn()} />);
    expect((await screen.findByTestId("consent-blind")).textContent).toMatch(/не текстовый/);
    expect(screen.queryByRole("checkbox")).toBeNull();
  });

  it("names a raw signature of a site's hash as such, in its title and its warning", async () => {
    const raw: ConsentDetails = { ...DETAILS, operation: "signHash", document: { size: 0, digest: "ab".repeat(32), digestOnly: true } };
    render(<ConsentApp load={async () => ({ ok: true, result: raw })} decide={vi.fn()} close={vi.fn()} />);
    expect((await screen.findByTestId("consent-blind")).textContent).toMatch(/не привязана ни к какому документу/);
    expect(screen.getByText("Поставить сырую подпись под хэшем, который прислал сайт?")).toBeTruthy();
    expect(screen.getByTestId("consent-pin")).toBeTruthy();
  });

  it("shows the subject a new key's request will carry, named as on a certificate, with hidden characters marked", async () => {
    const { certificate: _certificate, document: _document, ...rest } = DETAILS;
    const details: ConsentDetails = {
      ...rest,
      operation: "generateKey",
      subject: [
        ["commonName", "Иванов\u200BИван"],
        ["inn", "007701234567"],
      ],
    };
    render(<ConsentApp load={async () => ({ ok: true, result: details })} decide={vi.fn()} close={vi.fn()} />);
    expect((await screen.findByTestId("consent-subject-commonName")).textContent).toBe("Иванов⟦U+200B⟧Иван");
    expect(screen.getByText("CN")).toBeTruthy();
    expect(screen.getByText("ИНН")).toBeTruthy();
  });
});
