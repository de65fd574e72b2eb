import * as v from "valibot";
import type browser from "webextension-polyfill";
import { serializeError } from "../../../shared/protocol/index.ts";
import { PageRequestSchema } from "../messaging/page-request.ts";
import { decodeValue, encodeValue, type PageAnswer } from "../messaging/page-transport.ts";
import { HRESULT } from "../page-api/backend.ts";
import { callerOrigin } from "./gateway-origin.ts";
import { isAllowedOrigin } from "./origins.ts";
import { pageErrorOf } from "./page-errors.ts";
import { pageService, type Caller } from "./page-service.ts";
import { PageThrottle } from "./page-throttle.ts";

const throttle = new PageThrottle();

/**
 * Calls from sites. The caller's origin comes from the browser's sender record; a site
 * that is not allowed gets a refusal and nothing else, not even the certificate list.
 */
export async function handlePageMessage(message: unknown, sender: browser.Runtime.MessageSender, extraOrigins: readonly string[] = []): Promise<PageAnswer> {
  const { origin, gateway } = await callerOrigin(sender);
  if (!sender.tab || !isAllowedOrigin(origin, extraOrigins)) {
    return {
      ok: false,
      error: { hresult: HRESULT.notAllowed, message: "kep-bridge: этот сайт не может работать с токеном / this site may not use the token" },
    };
  }
  const parsed = v.safeParse(PageRequestSchema, { ...(message as object), params: decodeValue((message as { params?: unknown }).params) });
  if (!parsed.success) {
    return {
      ok: false,
      error: { hresult: HRESULT.badData, message: `kep-bridge: неверный запрос страницы / invalid page request: ${parsed.issues[0]?.message ?? ""}` },
    };
  }
  const caller: Caller = { origin: origin!, tabId: sender.tab.id, ...(gateway ? { gateway } : {}) };
  if (!throttle.admit(caller.tabId)) {
    return { ok: false, error: pageErrorOf({ code: "BUSY", message: "this tab calls the page API too often" }) };
  }
  const call = parsed.output;
  try {
    const result = await (() => {
      switch (call.kind) {
        case "about":
          return pageService.about();
        case "listCertificates":
          return pageService.listCertificates();
        case "listRoots":
          return pageService.listRoots();
        case "sign":
          return pageService.sign(withoutUndefined(call.params), caller);
        case "signHash":
          return pageService.signHash(call.params, caller);
        case "generateKey":
          return pageService.generateKey(withoutUndefined(call.params) as Parameters<typeof pageService.generateKey>[0], caller);
        case "createRequest":
          return pageService.createRequest(withoutUndefined(call.params) as Parameters<typeof pageService.createRequest>[0], caller);
        case "installCertificate":
          return pageService.installCertificate(call.params.der, caller);
      }
    })();
    return { ok: true, result: encodeValue(result) };
  } catch (error) {
    return { ok: false, error: pageErrorOf(serializeError(error)) };
  }
}

/** valibot leaves absent optional keys as undefined; the service types do not allow that. */
function withoutUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
