// @vitest-environment happy-dom
import { describe, expect, it, beforeAll, vi } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import { checksFor, Tracker } from "../../../../extension/src/content/assistant/Tracker.tsx";
import type { AssistantStatus } from "../../../../extension/src/messaging/assistant.ts";
import { installChromeI18n } from "../../popup/chrome-i18n.ts";

const ONE_TOKEN: AssistantStatus = {
  tokenCount: 1,
  token: { label: "Рутокен", serial: "3a5f", model: "Rutoken ECP", freeBytes: 20_000, totalBytes: 64_000 },
  enoughMemory: true,
  current: { owner: "Иванов Иван Иванович", issuer: "Федеральная налоговая служба", isFns: true, daysLeft: 20, thumbprint: "A".repeat(40) },
  newest: null,
  lastStep: null,
};
const texts = (status: AssistantStatus, step: 1 | 2 | 3 | 4 | 5, done = false) =>
  checksFor(status, { page: "p", step, done }, vi.fn()).map((c) => `${String(c.ok)} ${c.text}`);

describe("assistant checks", () => {
  beforeAll(() => installChromeI18n("ru"));

  it("pass with one token, room on it and a current FNS certificate", () => {
    expect(texts(ONE_TOKEN, 2)).toEqual([
      "true Токен: Рутокен (3a5f).",
      "true Места для нового ключа и сертификата хватает (свободно 20000 байт).",
      "true Текущий сертификат УЦ ФНС: Иванов Иван Иванович, осталось дней: 20.",
    ]);
  });

  it("block on several tokens and offer cleanup when the token is full", () => {
    expect(texts({ ...ONE_TOKEN, tokenCount: 2, token: null, current: null }, 1)[0]).toMatch(/^false Вставлено токенов: 2/);
    const full = checksFor({ ...ONE_TOKEN, enoughMemory: false, token: { ...ONE_TOKEN.token!, freeBytes: 900 } }, { page: "p", step: 2, done: false }, vi.fn());
    expect(full[1]).toMatchObject({ ok: false, action: { label: "Очистить токен" } });
  });

  it("insist on revocation at step 4 and confirm the new certificate after step 5", () => {
    expect(texts(ONE_TOKEN, 4).at(-1)).toMatch(/Отзыв прежнего сертификата обязателен/);
    const installed = {
      ...ONE_TOKEN,
      newest: { owner: "Иванов Иван Иванович", notAfter: "2028-02-01T00:00:00Z", daysLeft: 456, thumbprint: "B".repeat(40), paired: true },
    };
    expect(texts(installed, 5, true)).toEqual([
      "true Токен: Рутокен (3a5f).",
      "true Новый сертификат (Иванов Иван Иванович) записан на токен рядом со своим ключом, действует ещё 456 дней.",
      "null Дальше: выйдите из личного кабинета и войдите с новым сертификатом, затем удалите старый сертификат с токена.",
    ]);
    expect(texts({ ...installed, newest: { ...installed.newest, paired: false } }, 5, true)[1]).toMatch(/^false Новый сертификат не найден/);
  });
});

describe("assistant tracker", () => {
  beforeAll(() => installChromeI18n("ru"));

  function mount(status: AssistantStatus | null, step: 1 | 2 | 3 | 4 | 5, done = false): HTMLElement {
    const root = document.createElement("div");
    document.body.append(root);
    void act(() => render(<Tracker status={status} detected={{ page: "p", step, done }} openCleanup={vi.fn()} hide={vi.fn()} />, root));
    return root;
  }
  const aside = (root: HTMLElement) => root.querySelector("aside")!;

  it("folds to the current step while every check passes, so the wizard's buttons stay reachable", () => {
    const root = mount(ONE_TOKEN, 2);
    expect(aside(root).dataset.expanded).toBe("false");
    expect(root.querySelector("[data-summary]")?.textContent).toBe("✓ Шаг 2 из 5: Запрос на изготовление сертификата");
    expect([...root.querySelectorAll(".stepper li")].map((li) => `${li.textContent} ${li.className}`)).toEqual([
      "1 done",
      "2 current",
      "3 todo",
      "4 todo",
      "5 todo",
    ]);
    expect(root.querySelector(".checks")).toBeNull();
  });

  it("shows folded the first failed check with its action, and at the end the outcome, without unfolding", () => {
    const openCleanup = vi.fn();
    const full = document.createElement("div");
    document.body.append(full);
    void act(() =>
      render(
        <Tracker status={{ ...ONE_TOKEN, enoughMemory: false }} detected={{ page: "p", step: 2, done: false }} openCleanup={openCleanup} hide={vi.fn()} />,
        full,
      ),
    );
    expect(aside(full).dataset.expanded).toBe("false");
    const summary = full.querySelector<HTMLElement>("[data-summary]")!;
    expect(summary.textContent).toMatch(/^✗ На токене свободно 20000 байт — для нового ключа и сертификата не хватит места\.Очистить токен$/);
    void act(() => summary.querySelector("button")!.click());
    expect(openCleanup).toHaveBeenCalledOnce();
    expect(mount({ ...ONE_TOKEN, tokenCount: 2, token: null, current: null }, 1).querySelector("[data-summary]")?.textContent).toMatch(
      /^✗ Вставлено токенов: 2/,
    );
    const installed = {
      ...ONE_TOKEN,
      newest: { owner: "Иванов Иван Иванович", notAfter: "2028-02-01T00:00:00Z", daysLeft: 456, thumbprint: "B".repeat(40), paired: true },
    };
    const done = mount(installed, 5, true);
    expect(aside(done).dataset.expanded).toBe("false");
    expect(done.querySelector("[data-summary]")?.textContent).toMatch(/^✓ Новый сертификат \(Иванов Иван Иванович\) записан на токен/);
  });

  it("keeps the user's own fold or unfold", () => {
    const root = mount(ONE_TOKEN, 3);
    const toggle = root.querySelector<HTMLButtonElement>("[data-action=toggle]")!;
    expect(toggle.getAttribute("aria-label")).toBe("Показать шаги и проверки");
    void act(() => toggle.click());
    expect(aside(root).dataset.expanded).toBe("true");
    expect(root.querySelectorAll(".steps li")).toHaveLength(5);
    void act(() => toggle.click());
    expect(aside(root).dataset.expanded).toBe("false");
  });
});
