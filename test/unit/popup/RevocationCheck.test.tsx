// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { KepError, type Revocation } from "../../../shared/protocol/index.ts";
import { RevocationCheck } from "../../../extension/src/popup/components/RevocationCheck.tsx";
import { installChromeI18n } from "./chrome-i18n.ts";

const CRL = { url: "http://ca.invalid/ca.crl", thisUpdate: Date.UTC(2026, 11, 1), nextUpdate: Date.UTC(2026, 11, 8) };

describe("revocation check in the certificate's details", () => {
  beforeAll(() => installChromeI18n("ru"));
  afterEach(cleanup);

  it("asks nothing until the user clicks, and says first that the CA will see the request", async () => {
    const check = vi.fn(() => Promise.resolve<Revocation>({ status: "good", crl: CRL, problems: [] }));
    render(<RevocationCheck check={check} />);
    expect(screen.getByText(/удостоверяющий центр увидит запрос/)).toBeTruthy();
    expect(check).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Проверить отзыв по CRL" }));
    expect((await screen.findByText(/Не отозван по CRL от 01\.12\.2026/)).textContent).toContain("08.12.2026");
    expect(screen.getByText(/http:\/\/ca\.invalid\/ca\.crl/)).toBeTruthy();
    expect(check).toHaveBeenCalledTimes(1);
  });

  it("shows the revocation date and reason the CRL gives", async () => {
    const check = () => Promise.resolve<Revocation>({ status: "revoked", crl: CRL, revokedAt: Date.UTC(2026, 10, 20), reason: "keyCompromise", problems: [] });
    render(<RevocationCheck check={check} />);
    fireEvent.click(screen.getByRole("button", { name: "Проверить отзыв по CRL" }));
    expect((await screen.findByText(/Отозван 20\.11\.2026/)).textContent).toBe("Отозван 20.11.2026 (причина: компрометация ключа) по CRL от 01.12.2026");
  });

  it("says the status is unknown and why, point by point", async () => {
    const check = () =>
      Promise.resolve<Revocation>({
        status: "unknown",
        problems: [
          { url: "http://one.invalid/a.crl", problem: "unreachable", detail: "ECONNREFUSED" },
          { url: "http://two.invalid/a.crl", problem: "badSignature", detail: "not signed by the issuer" },
        ],
      });
    render(<RevocationCheck check={check} />);
    fireEvent.click(screen.getByRole("button", { name: "Проверить отзыв по CRL" }));
    expect(await screen.findByText("Статус отзыва неизвестен: CRL недоступен или не проверен.")).toBeTruthy();
    const items = [...document.querySelectorAll<HTMLElement>(".revocation-problems li")].map((li) => li.dataset.problem);
    expect(items).toEqual(["unreachable", "badSignature"]);
    expect(document.querySelector(".revocation-problems")!.textContent).toContain("CRL подписан не тем УЦ, что выдал сертификат");
  });

  it("shows the host's error when the check itself fails", async () => {
    const check = () => Promise.reject(new KepError("TOKEN_NOT_PRESENT", "token gone"));
    render(<RevocationCheck check={check} />);
    fireEvent.click(screen.getByRole("button", { name: "Проверить отзыв по CRL" }));
    expect((await screen.findByRole("alert")).getAttribute("data-code")).toBe("TOKEN_NOT_PRESENT");
  });
});
