import browser from "webextension-polyfill";
import { HRESULT } from "../page-api/backend.ts";
import { EXTENSION_SOURCE, PAGE_SOURCE, type PageAnswer, type PageCall, type PageMessage, type PageReply } from "../messaging/page-transport.ts";

/**
 * Isolated-world relay between the page script and the background. It forwards only
 * well-formed calls from this very window; the background learns the caller's origin
 * from the browser, so nothing the page puts in a message can claim another site.
 */
window.addEventListener("message", (event: MessageEvent) => {
  if (event.source !== window) return;
  const call = event.data as Partial<PageCall> | null;
  if (call?.source !== PAGE_SOURCE || typeof call.id !== "number" || typeof call.kind !== "string") return;
  const id = call.id;
  const reply = (answer: PageAnswer) => window.postMessage({ source: EXTENSION_SOURCE, id, ...answer } satisfies PageReply, window.location.origin);
  const message: PageMessage = { channel: "page", kind: call.kind, params: call.params };
  browser.runtime.sendMessage(message).then(
    (answer) =>
      reply((answer as PageAnswer | undefined) ?? { ok: false, error: { hresult: HRESULT.general, message: "kep-bridge: no answer from the extension" } }),
    (error: unknown) => reply({ ok: false, error: { hresult: HRESULT.general, message: `kep-bridge: ${String(error)}` } }),
  );
});
