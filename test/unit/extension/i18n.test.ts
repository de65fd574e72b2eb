import { beforeEach, describe, expect, it, vi } from "vitest";
import { installChromeI18n } from "../popup/chrome-i18n.ts";
import { t } from "../../../extension/src/ui/i18n.ts";

type I18n = { getMessage: (key: string, substitutions?: string[]) => string };
const i18n = () => (globalThis as unknown as { chrome: { i18n: I18n } }).chrome.i18n;

describe("t", () => {
  beforeEach(() => installChromeI18n("ru"));

  it("fills substitutions as the browser does, in order, with numbers as text", () => {
    expect(t("validRange", "01.02.2026", "01.02.2027")).toBe("с 01.02.2026 по 01.02.2027");
    expect(t("daysLeftMany", 25)).toBe("осталось 25 дней");
    expect(t("serial", "3a5f")).toBe("Серийный номер 3a5f");
  });

  it("inserts a substitution literally, whatever it contains", () => {
    expect(t("serial", "$1 $$ $p1$ \ue001")).toBe("Серийный номер $1 $$ $p1$ \ue001");
  });

  it("leaves a missing substitution empty and names an unknown key", () => {
    expect(t("serial")).toBe("Серийный номер ");
    expect(t("noSuchMessage" as never)).toBe("noSuchMessage");
  });

  it("asks the browser once per message however often and with whatever values it is used", () => {
    const getMessage = vi.spyOn(i18n(), "getMessage");
    for (let days = 5; days < 100; days++) t("daysLeftMany", days);
    expect(t("daysLeftMany", 7)).toBe("осталось 7 дней");
    expect(getMessage).toHaveBeenCalledTimes(1);
  });

  it("follows a getMessage pointed at another language", () => {
    expect(t("daysLeftMany", 5)).toBe("осталось 5 дней");
    installChromeI18n("en");
    expect(t("daysLeftMany", 5)).toBe(i18n().getMessage("daysLeftMany", ["5"]));
    expect(t("daysLeftMany", 5)).not.toBe("осталось 5 дней");
  });
});
