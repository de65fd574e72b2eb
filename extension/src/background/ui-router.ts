import * as v from "valibot";
import { serializeError } from "../../../shared/protocol/index.ts";
import { UiRequestSchema, type UiKind, type UiRequestOf, type UiResponse, type UiResults } from "../messaging/ui-protocol.ts";
import { runCleanup, restoreCertificate } from "./cleanup.ts";
import { consentDetails, decideConsent } from "./consent.ts";
import { gatewayCertificate } from "./gateway-origin.ts";
import { gatewayEnded } from "./gateway-session.ts";
import { signInToGostCabinet } from "./gateway-sign-in.ts";
import { host } from "./host.ts";
import { buildPopupModel } from "./popup-model.ts";
import { checkRevocation } from "./revocation.ts";

type UiHandlers = { [K in UiKind]: (request: UiRequestOf<K>) => Promise<UiResults[K]> };

/** What the extension's own pages (popup, options, confirmation window) may ask for. */
const handlers: UiHandlers = {
  consentDetails: async (request) => consentDetails(request.id),
  consentDecision: (request) => decideConsent(request),
  popup: () => buildPopupModel(host),
  login: async (request) => ({ expiresInMs: (await host.call("login", { token: request.token, pin: request.pin })).expiresInMs }),
  cleanup: (request) => runCleanup(host, request),
  restore: (request) => restoreCertificate(host, request),
  checkRevocation: (request) => checkRevocation(host, request),
  modules: () => host.call("listTokens", {}),
  setModules: (request) => host.call("setModulePaths", { modules: request.modules }),
  doctor: (request) => host.call("doctor", { lang: request.lang }),
  gatewaySignIn: (request) => signInToGostCabinet(request),
  gatewayStatus: async () => {
    const status = await host.call("gatewayStatus", {});
    const certificate = status.running && status.origin ? await gatewayCertificate(status.origin) : null;
    return certificate ? { ...status, signedInWith: certificate } : status;
  },
  gatewayStop: async () => {
    await gatewayEnded();
    return host.call("gatewayStop", {});
  },
};

export async function handleUiMessage(message: unknown): Promise<UiResponse<UiKind>> {
  const parsed = v.safeParse(UiRequestSchema, message);
  if (!parsed.success) return { ok: false, error: { code: "BAD_REQUEST", message: "unknown UI request" } };
  const request = parsed.output;
  try {
    const handler = handlers[request.kind] as (r: typeof request) => Promise<UiResults[UiKind]>;
    return { ok: true, result: await handler(request) };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}
