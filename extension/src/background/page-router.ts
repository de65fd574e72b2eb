import * as v from "valibot";
import type browser from "webextension-polyfill";
import { KEY_ALGORITHM_NAMES, serializeError, Thumbprint } from "../../../shared/protocol/index.ts";
import { decodeValue, encodeValue, type PageReply } from "../messaging/page-transport.ts";
import { HRESULT } from "../page-api/backend.ts";
import { callerOrigin } from "./gateway-origin.ts";
import { isAllowedOrigin } from "./origins.ts";
import { pageErrorOf } from "./page-errors.ts";
import { pageService, type Caller } from "./page-service.ts";
import { PageThrottle } from "./page-throttle.ts";

const Bytes = v.instance(Uint8Array);
const Digest = v.pipe(
  Bytes,
  v.check((d) => d.length === 32 || d.length === 64, "digest must be 32 or 64 bytes"),
);
const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const Oid = v.pipe(v.string(), v.regex(/^\d+(?:\.\d+)+$/), v.maxLength(128));
const Subject = v.pipe(
  v.record(v.string(), Text(200)),
  v.check((s) => typeof s.commonName === "string", "commonName is required"),
);

/** Every page call, validated here: the page is untrusted input like any other. */
const PageCallSchema = v.variant("method", [
  v.object({ method: v.literal("about"), params: v.unknown() }),
  v.object({ method: v.literal("listCertificates"), params: v.unknown() }),
  v.object({ method: v.literal("listRoots"), params: v.unknown() }),
  v.object({
    method: v.literal("sign"),
    params: v.object({
      thumbprint: Thumbprint,
      detached: v.boolean(),
      content: v.optional(Bytes),
      digest: v.optional(Digest),
    }),
  }),
  v.object({ method: v.literal("signHash"), params: v.object({ thumbprint: Thumbprint, digest: Digest }) }),
  v.object({
    method: v.literal("generateKey"),
    params: v.object({ algorithm: v.picklist(KEY_ALGORITHM_NAMES), paramSet: v.optional(Oid), subject: v.optional(Subject) }),
  }),
  v.object({
    method: v.literal("createRequest"),
    params: v.object({
      keyRef: v.pipe(v.string(), v.uuid()),
      subject: Subject,
      extensions: v.optional(
        v.object({
          keyUsage: v.optional(v.array(Text(32))),
          extendedKeyUsage: v.optional(v.array(Oid)),
          policies: v.optional(v.array(Oid)),
          subjectSignTool: v.optional(Text(200)),
          identificationKind: v.optional(v.picklist([0, 1, 2, 3])),
        }),
      ),
    }),
  }),
  v.object({ method: v.literal("installCertificate"), params: v.object({ der: Bytes }) }),
]);

type Reply = Omit<PageReply, "source" | "id">;

const throttle = new PageThrottle();

/**
 * Calls from sites. The caller's origin comes from the browser's sender record; a site
 * that is not allowed gets a refusal and nothing else, not even the certificate list.
 */
export async function handlePageMessage(message: unknown, sender: browser.Runtime.MessageSender, extraOrigins: readonly string[] = []): Promise<Reply> {
  const { origin, gateway } = await callerOrigin(sender);
  if (!sender.tab || !isAllowedOrigin(origin, extraOrigins)) {
    return {
      ok: false,
      error: { hresult: HRESULT.notAllowed, message: "kep-bridge: этот сайт не может работать с токеном / this site may not use the token" },
    };
  }
  const parsed = v.safeParse(PageCallSchema, { ...(message as object), params: decodeValue((message as { params?: unknown }).params) });
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
      switch (call.method) {
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
