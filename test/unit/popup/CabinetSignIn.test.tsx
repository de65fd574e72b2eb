// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CabinetSignIn } from "../../../extension/src/popup/components/CabinetSignIn.tsx";
import { deserializeError } from "../../../shared/protocol/kep-error.ts";
import { installChromeI18n } from "./chrome-i18n.ts";
import { certificateDer, entry, model, NOW } from "./model.ts";

let der: { valid: string; other: string; expired: string; future: string };

describe("popup: sign in to a GOST cabinet", () => {
  beforeAll(async () => {
    installChromeI18n("ru");
    der = {
      valid: await certificateDer("CN=Иванов Иван Иванович, SN=Иванов, G=Иван Иванович", 200),
      other: await certificateDer("CN=Петрова Анна, SN=Петрова, G=Анна Сергеевна", 20),
      expired: await certificateDer("CN=Старый, SN=Старый, G=Сертификат", -3),
      future: await certificateDer("CN=Будущий, SN=Будущий, G=Сертификат", 400, 5),
    };
  });
  afterEach(cleanup);

  it("offers only valid certificates whose key is on the token, and signs in with the one chosen", async () => {
    const signIn = vi.fn(() => Promise.resolve({}));
    const { tokens } = model([
      {
        certificates: [
          entry("A", der.valid, "01"),
          entry("B", der.other, "02"),
          entry("C", der.expired, "03"),
          entry("D", der.future, "04"),
          entry("E", der.valid, null),
        ],
      },
    ]);
    render(<CabinetSignIn tokens={tokens} now={NOW} signIn={signIn} />);
    fireEvent.click(screen.getByTestId("cabinet-sign-in"));
    expect(screen.getByTestId("cabinet-sign-in-go").textContent).toBe("Продолжить");
    const offered = [...document.querySelectorAll<HTMLInputElement>("input[name=cabinet-certificate]")].map((i) => i.dataset.testid);
    expect(offered).toEqual([`cabinet-certificate-${"A".repeat(40)}`, `cabinet-certificate-${"B".repeat(40)}`]);
    fireEvent.click(screen.getByTestId(`cabinet-certificate-${"B".repeat(40)}`));
    fireEvent.click(screen.getByTestId("cabinet-sign-in-go"));
    await waitFor(() => expect(signIn).toHaveBeenCalledOnce());
    expect(signIn).toHaveBeenCalledWith("lkipgost2.nalog.ru", { module: tokens[0]!.token.module, serial: tokens[0]!.token.serial }, "B".repeat(40));
  });

  it("shows why sign-in failed, but not a cancelled confirmation", async () => {
    const signIn = vi
      .fn()
      .mockRejectedValueOnce(deserializeError({ code: "USER_CANCELLED", message: "declined" }))
      .mockRejectedValueOnce(deserializeError({ code: "TLS_SERVER_UNTRUSTED", message: "no CA" }));
    const { tokens } = model([{ certificates: [entry("A", der.valid, "01")] }]);
    render(<CabinetSignIn tokens={tokens} now={NOW} signIn={signIn} />);
    fireEvent.click(screen.getByTestId("cabinet-sign-in"));
    fireEvent.click(screen.getByTestId("cabinet-sign-in-go"));
    await waitFor(() => expect(signIn).toHaveBeenCalledTimes(1));
    expect(document.querySelector("[role=alert]")).toBeNull();
    fireEvent.click(screen.getByTestId("cabinet-sign-in-go"));
    await waitFor(() => expect(document.querySelector("[role=alert]")?.getAttribute("data-code")).toBe("TLS_SERVER_UNTRUSTED"));
  });

  it("is not offered without a usable certificate", () => {
    const { tokens } = model([{ certificates: [entry("C", der.expired, "03"), entry("E", der.valid, null)] }]);
    render(<CabinetSignIn tokens={tokens} now={NOW} signIn={vi.fn()} />);
    expect(screen.queryByTestId("cabinet-sign-in")).toBeNull();
  });
});
