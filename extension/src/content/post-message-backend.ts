import type { PageKind } from "../messaging/page-request.ts";
import { EXTENSION_SOURCE, PAGE_SOURCE, decodeValue, encodeValue, type PageCall, type PageReply } from "../messaging/page-transport.ts";
import { HRESULT, PageError, type PageBackend } from "../page-api/backend.ts";

/**
 * The page script's view of the extension: each backend call becomes a window message
 * the bridge content script forwards to the background. The page can talk only to its
 * own window; the extension decides who the caller is from the browser's sender data.
 */
export function postMessageBackend(win: Window): PageBackend {
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  win.addEventListener("message", (event: MessageEvent) => {
    if (event.source !== win) return;
    const reply = event.data as Partial<PageReply> | null;
    if (reply?.source !== EXTENSION_SOURCE || typeof reply.id !== "number") return;
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.ok) waiter.resolve(decodeValue(reply.result));
    else waiter.reject(new PageError(reply.error?.hresult ?? HRESULT.general, reply.error?.message ?? "kep-bridge error", reply.error?.code));
  });
  const call = <T>(kind: PageKind, params: unknown = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const message: PageCall = { source: PAGE_SOURCE, id, kind, params: encodeValue(params) };
      win.postMessage(message, win.location.origin);
    });
  return {
    about: () => call("about"),
    listCertificates: () => call("listCertificates"),
    listRoots: () => call("listRoots"),
    sign: (request) => call("sign", request),
    signHash: (request) => call("signHash", request),
    generateKey: (request) => call("generateKey", request),
    createRequest: (request) => call("createRequest", request),
    installCertificate: (der) => call("installCertificate", { der }),
  };
}
