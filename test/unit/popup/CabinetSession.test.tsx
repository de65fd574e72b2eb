// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CabinetSession } from "../../../extension/src/popup/components/CabinetSession.tsx";
import { deserializeError } from "../../../shared/protocol/kep-error.ts";
import type { CabinetApi } from "../../../extension/src/popup/cabinet-api.ts";
import { installChromeI18n } from "./chrome-i18n.ts";
import { certificateDer, entry, model, NOW } from "./model.ts";

const ORIGIN = "http://lkipgost2.nalog.ru.localhost:41000";
const THUMBPRINT = "A".repeat(40);
const running = {
  running: true,
  host: "lkipgost2.nalog.ru",
  origin: ORIGIN,
  certificate: THUMBPRINT,
  startedAt: NOW.getTime() - 5 * 60_000,
  idleEndsAt: NOW.getTime() + 9 * 60_000 + 10_000,
  signedInWith: { owner: "Иванов Иван Иванович", thumbprint: THUMBPRINT },
};

function api(over: Partial<CabinetApi> = {}): CabinetApi {
  return { signIn: vi.fn(), status: vi.fn(() => Promise.resolve(running)), stop: vi.fn(() => Promise.resolve({ stopped: true })), open: vi.fn(), ...over };
}

let tokens: ReturnType<typeof model>["tokens"];

describe("popup: a running GOST cabinet session", () => {
  beforeAll(async () => {
    installChromeI18n("ru");
    tokens = model([{ certificates: [entry("A", await certificateDer("CN=Иванов Иван Иванович, SN=Иванов, G=Иван Иванович", 200), "01")] }]).tokens;
  });
  afterEach(cleanup);

  it("shows the cabinet's real host, the certificate, since when and the idle time left, and opens the cabinet", async () => {
    const cabinet = api();
    render(<CabinetSession tokens={tokens} now={() => NOW} api={cabinet} />);
    await screen.findByTestId("cabinet-session");
    expect(screen.getByTestId("cabinet-session-host").textContent).toBe("Личный кабинет ИП · https://lkipgost2.nalog.ru");
    expect(screen.getByTestId("cabinet-session-certificate").textContent).toBe("Иванов Иван Иванович");
    expect(screen.getByTestId("cabinet-session-certificate").dataset.thumbprint).toBe(THUMBPRINT);
    expect(screen.getByTestId("cabinet-session-since").textContent).toMatch(/^23\.11\.2026 \d\d:\d\d$/);
    expect(screen.getByTestId("cabinet-session-idle").textContent).toBe("10 мин");
    expect(screen.queryByTestId("cabinet-sign-in")).toBeNull();
    fireEvent.click(screen.getByTestId("cabinet-session-open"));
    await waitFor(() => expect(cabinet.open).toHaveBeenCalledWith(ORIGIN));
  });

  it("«Выйти из кабинета» stops the session and brings back certificate sign-in", async () => {
    const status = vi.fn().mockResolvedValueOnce(running).mockResolvedValue({ running: false, host: running.host, certificate: THUMBPRINT, ended: "stopped" });
    const cabinet = api({ status });
    render(<CabinetSession tokens={tokens} now={() => NOW} api={cabinet} />);
    fireEvent.click(await screen.findByTestId("cabinet-session-stop"));
    expect((await screen.findByTestId("cabinet-sign-in")).textContent).toBe("Войти в личный кабинет по сертификату");
    expect(cabinet.stop).toHaveBeenCalledOnce();
    expect(screen.queryByTestId("cabinet-session")).toBeNull();
  });

  it("says why a stop failed and keeps the session shown", async () => {
    const cabinet = api({ stop: vi.fn(() => Promise.reject(deserializeError({ code: "HOST_DISCONNECTED", message: "gone" }))) });
    render(<CabinetSession tokens={tokens} now={() => NOW} api={cabinet} />);
    fireEvent.click(await screen.findByTestId("cabinet-session-stop"));
    await waitFor(() => expect(document.querySelector("[role=alert]")?.getAttribute("data-code")).toBe("HOST_DISCONNECTED"));
    expect(screen.getByTestId("cabinet-session")).toBeTruthy();
  });

  it("offers sign-in when no session runs or the host cannot say", async () => {
    render(<CabinetSession tokens={tokens} now={() => NOW} api={api({ status: () => Promise.reject(new Error("no host")) })} />);
    expect((await screen.findByTestId("cabinet-sign-in")).textContent).toBe("Войти в личный кабинет по сертификату");
  });
});
