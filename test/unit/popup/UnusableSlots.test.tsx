// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { UnusableSlot } from "../../../shared/protocol/index.ts";
import { App } from "../../../extension/src/popup/App.tsx";
import type { PopupApi } from "../../../extension/src/popup/api.ts";
import type { PopupModel } from "../../../extension/src/messaging/popup-model.ts";
import { installChromeI18n } from "./chrome-i18n.ts";
import { model, NOW } from "./model.ts";

const slot = (over: Partial<UnusableSlot>): UnusableSlot => ({
  module: "/usr/lib/librtpkcs11ecp.so",
  slotId: "1",
  slotDescription: "Aktiv Rutoken ECP 01",
  state: "uninitialized",
  label: "",
  manufacturer: "Aktiv Co.",
  model: "Rutoken ECP",
  serial: "",
  ...over,
});

function renderModel(m: PopupModel): void {
  const api: PopupApi = {
    load: () => Promise.resolve(m),
    login: vi.fn(() => Promise.resolve()),
    cleanup: vi.fn(() => Promise.resolve({ deleted: [], notDeleted: [], backedUp: [] })),
    restore: vi.fn(() => Promise.resolve({ written: true })),
  };
  render(<App api={api} now={() => NOW} />);
}

const cards = () => [...document.querySelectorAll<HTMLElement>(".token-unusable")];

describe("popup: tokens that cannot be used", () => {
  afterEach(cleanup);

  it("shows an uninitialised and an unreadable token as cards next to the working token (Russian)", async () => {
    installChromeI18n("ru");
    renderModel(
      model([{}], {
        unusable: [
          slot({ serial: "TEST-UNINIT-0001" }),
          slot({ slotId: "2", state: "unreadable", model: "", manufacturer: "", error: { code: "INTERNAL", message: "read token info: CKR_DEVICE_ERROR" } }),
        ],
      }),
    );
    await waitFor(() => expect(cards()).toHaveLength(2));
    expect(document.querySelectorAll(".token[data-serial='3a5f0c21']")).toHaveLength(1);
    expect(cards().map((c) => c.dataset.state)).toEqual(["uninitialized", "unreadable"]);
    expect(cards()[0]!.textContent).toMatch(/Токен не инициализирован/);
    expect(cards()[0]!.textContent).toMatch(/Rutoken ECP/);
    expect(cards()[0]!.textContent).toMatch(/TEST-UNINIT-0001/);
    expect(cards()[1]!.textContent).toMatch(/Токен не читается/);
    expect(cards()[1]!.textContent).toMatch(/Aktiv Rutoken ECP 01/);
    expect(cards()[1]!.querySelector("[data-code='INTERNAL']")).not.toBeNull();
    expect(screen.queryByTestId("no-tokens")).toBeNull();
  });

  it("shows only the card, not 'no token found', when the one token inserted is uninitialised (English)", async () => {
    installChromeI18n("en");
    renderModel(model([], { unusable: [slot({})] }));
    await waitFor(() => expect(cards()).toHaveLength(1));
    expect(cards()[0]!.textContent).toMatch(/Token not initialised/);
    expect(screen.queryByTestId("no-tokens")).toBeNull();
  });
});
