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

const { callerOrigin, rememberGatewayCertificate, rememberGatewayOrigin } = await import("../../../../extension/src/background/gateway-origin.ts");

const sender = (url: string) => ({ url, tab: { id: 1 } }) as Parameters<typeof callerOrigin>[0];
const GATEWAY = "http://lkipgost2.nalog.ru.localhost:41000";
const CERTIFICATE = { owner: "Иванов Иван Иванович", thumbprint: "A".repeat(40) };

describe("the caller's origin behind kep-bridge's gateway", () => {
  it("is the real cabinet only on the running gateway's port, with the certificate the session signed in with", async () => {
    await rememberGatewayOrigin(GATEWAY);
    await rememberGatewayCertificate(GATEWAY, CERTIFICATE);
    expect(await callerOrigin(sender(`${GATEWAY}/lk/wizard.html`))).toEqual({ origin: "https://lkipgost2.nalog.ru", gateway: { certificate: CERTIFICATE } });
    expect(await callerOrigin(sender("http://lkipgost2.nalog.ru.localhost:41001/lk/wizard.html"))).toEqual({ origin: null });
    expect(await callerOrigin(sender("http://lkul.nalog.ru.localhost:41000/"))).toEqual({ origin: null });
  });

  it("does not take a certificate recorded for another gateway origin", async () => {
    await rememberGatewayCertificate("http://lkipgost2.nalog.ru.localhost:41001", CERTIFICATE);
    expect(await callerOrigin(sender(`${GATEWAY}/`))).toEqual({ origin: "https://lkipgost2.nalog.ru", gateway: { certificate: null } });
  });

  it("is nobody once the gateway is stopped, and leaves other origins as the browser gave them", async () => {
    await rememberGatewayCertificate(GATEWAY, CERTIFICATE);
    await rememberGatewayOrigin(null);
    expect(await callerOrigin(sender(`${GATEWAY}/`))).toEqual({ origin: null });
    expect(await callerOrigin(sender("https://lkip2.nalog.ru/lk/"))).toEqual({ origin: "https://lkip2.nalog.ru" });
    expect(await callerOrigin(sender("http://evil.localhost:41000/"))).toEqual({ origin: "http://evil.localhost:41000" });
  });
});
