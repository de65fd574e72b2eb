import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { pageErrorOf } from "../../../extension/src/background/page-errors.ts";
import { postMessageBackend } from "../../../extension/src/content/post-message-backend.ts";
import { PageRequestSchema } from "../../../extension/src/messaging/page-request.ts";
import { EXTENSION_SOURCE, PAGE_SOURCE, type PageAnswer, type PageCall, type PageReply } from "../../../extension/src/messaging/page-transport.ts";
import { HRESULT, PageError } from "../../../extension/src/page-api/backend.ts";
import { KepError, serializeError } from "../../../shared/protocol/index.ts";

/** A window whose posted calls are answered by `answer`, as the bridge and the background would. */
function pageWindow(answer: (call: PageCall) => PageAnswer): Window {
  const listeners: ((event: MessageEvent) => void)[] = [];
  const win = {
    location: { origin: "https://lkip2.nalog.ru" },
    addEventListener: (_type: string, listener: (event: MessageEvent) => void) => listeners.push(listener),
    postMessage: (message: PageCall) => {
      const reply: PageReply = { source: EXTENSION_SOURCE, id: message.id, ...answer(message) };
      queueMicrotask(() => listeners.forEach((listener) => listener({ source: win, data: reply } as unknown as MessageEvent)));
    },
  };
  return win as unknown as Window;
}

describe("page channel", () => {
  it("names each page request by its kind and validates it against the one schema", () => {
    const sign = { kind: "sign", params: { thumbprint: "A".repeat(40), detached: true, digest: new Uint8Array(32) } };
    expect(v.safeParse(PageRequestSchema, sign).success).toBe(true);
    expect(v.safeParse(PageRequestSchema, { kind: "exportKey", params: {} }).success).toBe(false);
    expect(v.safeParse(PageRequestSchema, { method: "about", params: {} }).success).toBe(false);
  });

  it("sends the kind and encoded params from the page script", async () => {
    const seen: PageCall[] = [];
    const backend = postMessageBackend(
      pageWindow((call) => {
        seen.push(call);
        return { ok: true, result: { version: "0.1.0" } };
      }),
    );
    await backend.installCertificate(new Uint8Array([1, 2, 3]));
    expect(seen).toEqual([{ source: PAGE_SOURCE, id: 1, kind: "installCertificate", params: { der: { $bytes: "AQID" } } }]);
  });

  it("gives the page the plug-in's HRESULT, the Russian message and the code the token's error had", async () => {
    const fromHost = serializeError(new KepError("PIN_INCORRECT", "C_Login: CKR_PIN_INCORRECT", { triesLeft: 2 }));
    const backend = postMessageBackend(pageWindow(() => ({ ok: false, error: pageErrorOf(fromHost) })));
    const error = await backend.listCertificates().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PageError);
    expect(error).toMatchObject({ hresult: HRESULT.badPin, code: "PIN_INCORRECT" });
    expect((error as PageError).message).toBe("Неверный PIN-код. Осталось попыток: 2. (0x8010006B)");
  });

  it("maps a code without a plug-in equivalent to the general HRESULT and keeps the code", () => {
    expect(pageErrorOf({ code: "TLS_ALERT", message: "alert" })).toMatchObject({ hresult: HRESULT.general, code: "TLS_ALERT" });
  });
});
