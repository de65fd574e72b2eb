import { describe, expect, it } from "vitest";
import { connectOverrides } from "../../../native-host/src/gateway/connect-overrides.ts";

describe("KEP_GATEWAY_CONNECT", () => {
  it("sends a listed cabinet to its address and the rest to their own name", () => {
    const to = connectOverrides("lkipgost2.nalog.ru=127.0.0.1:8443, LKUL.nalog.ru=[::1]:9443")!;
    expect(to("lkipgost2.nalog.ru")).toEqual({ host: "127.0.0.1", port: 8443 });
    expect(to("lkul.nalog.ru")).toEqual({ host: "::1", port: 9443 });
    expect(connectOverrides("lkipgost2.nalog.ru=127.0.0.1:8443")!("lkul.nalog.ru")).toEqual({ host: "lkul.nalog.ru", port: 443 });
    expect(connectOverrides(undefined)).toBeUndefined();
  });

  it("refuses hosts outside the cabinet table and malformed entries", () => {
    for (const bad of ["www.nalog.ru=127.0.0.1:1", "lkipgost2.nalog.ru=127.0.0.1", "lkipgost2.nalog.ru=127.0.0.1:70000", "lkipgost2.nalog.ru"]) {
      expect(() => connectOverrides(bad), bad).toThrow(/KEP_GATEWAY_CONNECT/);
    }
  });
});
