// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/preact";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Journal } from "../../../extension/src/popup/components/Journal.tsx";
import { installChromeI18n } from "./chrome-i18n.ts";
import { model, NOW } from "./model.ts";

describe("reissue journal in the popup", () => {
  beforeAll(() => installChromeI18n("ru"));
  afterEach(cleanup);

  it("shows where each run stands, open while one is in progress", () => {
    const runs = model([], {
      journal: [
        { id: "b", startedAt: NOW.getTime(), status: "inProgress", step: 3, lastAt: NOW.getTime(), newThumbprint: null, revokedThumbprint: null },
        {
          id: "a",
          startedAt: NOW.getTime() - 400 * 86_400_000,
          status: "done",
          step: 5,
          lastAt: NOW.getTime() - 399 * 86_400_000,
          newThumbprint: "A".repeat(40),
          revokedThumbprint: "B".repeat(40),
        },
      ],
    });
    const { container } = render(<Journal model={runs} />);
    expect((container.querySelector("details") as HTMLDetailsElement).open).toBe(true);
    const items = [...container.querySelectorAll("li")].map((li) => li.textContent);
    expect(items[0]).toBe("Идёт · начат 23.11.2026Шаг 3: Получение сертификата (23.11.2026)");
    expect(items[1]).toContain("Завершён");
    expect(items[1]).toContain(`Новый сертификат: ${"A".repeat(40)}`);
    expect(items[1]).toContain(`Отозван: ${"B".repeat(40)}`);
  });

  it("is absent before any reissue", () => {
    const { container } = render(<Journal model={model([])} />);
    expect(container.textContent).toBe("");
    expect(screen.queryByText("Перевыпуск сертификата")).toBeNull();
  });
});
