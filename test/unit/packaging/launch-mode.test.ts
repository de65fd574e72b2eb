import { describe, expect, it } from "vitest";
import { launchMode } from "../../../native-host/src/executable/launch-mode.ts";

describe("launchMode: one executable, host for browsers, CLI for people", () => {
  it("is the host when Chrome, Chromium, Yandex or Edge start it with the caller's origin", () => {
    expect(launchMode(["chrome-extension://ndkcibfpbpclokaippfdmhggipaeolnm/"])).toBe("host");
    expect(launchMode(["chrome-extension://ndkcibfpbpclokaippfdmhggipaeolnm/", "--parent-window=0"])).toBe("host");
  });

  it("is the host when Firefox starts it with the manifest path and the add-on id", () => {
    expect(launchMode(["/usr/lib/mozilla/native-messaging-hosts/ru.kepbridge.host.json", "kep-bridge@kepbridge.ru"])).toBe("host");
    expect(launchMode(["C:\\Users\\Иван\\AppData\\Local\\kep-bridge\\ru.kepbridge.host.json", "kep-bridge@kepbridge.ru"])).toBe("host");
  });

  it("is the CLI for anything a person types", () => {
    expect(launchMode([])).toBe("cli");
    expect(launchMode(["help"])).toBe("cli");
    expect(launchMode(["certs", "--json"])).toBe("cli");
    expect(launchMode(["sign", "--cert", "AB12", "--in", "report.json"])).toBe("cli");
    expect(launchMode(["report.json"])).toBe("cli");
  });
});
