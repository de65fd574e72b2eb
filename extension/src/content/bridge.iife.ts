import browser from "webextension-polyfill";
import { EXTENSION_SOURCE, PAGE_SOURCE, type PageCall, type PageReply } from "../messaging/page-transport.ts";

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
  const reply = (body: Omit<PageReply, "source" | "id">) => window.postMessage({ source: EXTENSION_SOURCE, id, ...body }, window.location.origin);
  browser.runtime.sendMessage({ channel: "page", kind: call.kind, params: call.params }).then(
    (response) =>
      reply(
        (response as Omit<PageReply, "source" | "id"> | undefined) ?? {
          ok: false,
          error: { hresult: 0x80004005, message: "kep-bridge: no answer from the extension" },
        },
      ),
    (error: unknown) => reply({ ok: false, error: { hresult: 0x80004005, message: `kep-bridge: ${String(error)}` } }),
  );
});
