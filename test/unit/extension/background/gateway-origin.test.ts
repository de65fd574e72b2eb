import { describe, expect, it, vi } from "vitest";

const session = new Map<string, unknown>();
vi.mock("webextension-polyfill", () => ({
  default: {
    storage: {
      session: {
        get: (key: string) => Promise.resolve(session.has(key) ? { [key]: session.get(key) } : {}),
        set: (items: Record<string, unknown>) => Promise.resolve(void Object.entries(items).forEach(([k, v]) => session.set(k, v))),
      },
    },
  },
}));

const { callerOrigin, rememberGatewayOrigin } = await import("../../../../extension/src/background/gateway-origin.ts");

const sender = (url: string) => ({ url, tab: { id: 1 } }) as Parameters<typeof callerOrigin>[0];

describe("the caller's origin behind kep-bridge's gateway", () => {
  it("is the real cabinet only on the running gateway's port", async () => {
    await rememberGatewayOrigin("http://lkipgost2.nalog.ru.localhost:41000");
    expect(await callerOrigin(sender("http://lkipgost2.nalog.ru.localhost:41000/lk/wizard.html"))).toEqual({
      origin: "https://lkipgost2.nalog.ru",
      viaGateway: true,
    });
    expect(await callerOrigin(sender("http://lkipgost2.nalog.ru.localhost:41001/lk/wizard.html"))).toEqual({ origin: null, viaGateway: false });
    expect(await callerOrigin(sender("http://lkulgost.nalog.ru.localhost:41000/"))).toEqual({ origin: null, viaGateway: false });
  });

  it("is nobody once the gateway is stopped, and leaves other origins as the browser gave them", async () => {
    await rememberGatewayOrigin(null);
    expect(await callerOrigin(sender("http://lkipgost2.nalog.ru.localhost:41000/"))).toEqual({ origin: null, viaGateway: false });
    expect(await callerOrigin(sender("https://lkip2.nalog.ru/lk/"))).toEqual({ origin: "https://lkip2.nalog.ru", viaGateway: false });
    expect(await callerOrigin(sender("http://evil.localhost:41000/"))).toEqual({ origin: "http://evil.localhost:41000", viaGateway: false });
  });
});
