import * as v from "valibot";
import {
  DeleteItemSchema,
  Thumbprint,
  TokenRefSchema,
  type ErrorInfo,
  type ModuleStatus,
  type ResultOf,
  type TokenInfo,
  type UnusableSlot,
} from "../../../shared/protocol/index.ts";
import { GOST_CABINETS } from "../../../shared/gost-cabinets.ts";
import type { ConsentDetails } from "./consent.ts";
import type { CleanupReport, PopupModel } from "./popup-model.ts";

/**
 * Messages from the extension's own pages (popup, options, confirmation window) to the
 * background worker. Validated in the background like anything else that crosses a
 * process boundary. Each kind has a schema here and a result type in UiResults.
 */
export const UiRequestSchema = v.variant("kind", [
  v.object({ kind: v.literal("consentDetails"), id: v.pipe(v.string(), v.uuid()) }),
  v.object({
    kind: v.literal("consentDecision"),
    id: v.pipe(v.string(), v.uuid()),
    approved: v.boolean(),
    pin: v.optional(v.pipe(v.string(), v.minLength(4), v.maxLength(64))),
  }),
  // Popup and options page: token contents, cleanup with backups, restore, module test.
  v.object({ kind: v.literal("popup") }),
  v.object({ kind: v.literal("login"), token: TokenRefSchema, pin: v.pipe(v.string(), v.minLength(4), v.maxLength(64)) }),
  v.object({
    kind: v.literal("cleanup"),
    token: TokenRefSchema,
    items: v.pipe(v.array(DeleteItemSchema), v.minLength(1), v.maxLength(64)),
    force: v.optional(v.boolean()),
  }),
  v.object({ kind: v.literal("restore"), token: TokenRefSchema, thumbprint: Thumbprint }),
  // Popup: the CA's word on a certificate, from its CRL, when the user asks for it.
  v.object({ kind: v.literal("checkRevocation"), token: TokenRefSchema, thumbprint: Thumbprint }),
  v.object({ kind: v.literal("modules") }),
  v.object({ kind: v.literal("setModules"), modules: v.pipe(v.array(v.pipe(v.string(), v.maxLength(4096))), v.maxLength(16)) }),
  // Options page only: the support report. Sites have no way to this channel.
  v.object({ kind: v.literal("doctor"), lang: v.picklist(["ru", "en"]) }),
  // Popup: certificate sign-in to a GOST cabinet through the host's gateway, its state and its end.
  v.object({
    kind: v.literal("gatewaySignIn"),
    host: v.picklist(GOST_CABINETS.map((c) => c.host)),
    token: TokenRefSchema,
    certificate: Thumbprint,
  }),
  v.object({ kind: v.literal("gatewayStatus") }),
  v.object({ kind: v.literal("gatewayStop") }),
]);
export type UiRequest = v.InferOutput<typeof UiRequestSchema>;
export type UiKind = UiRequest["kind"];
export type UiRequestOf<K extends UiKind> = Extract<UiRequest, { kind: K }>;

export interface TokenOverview {
  token: TokenInfo;
  objects?: ResultOf<"listObjects">;
  error?: ErrorInfo;
}

export interface Overview {
  host: ResultOf<"handshake">["host"];
  modules: ModuleStatus[];
  tokens: TokenOverview[];
  unusable: UnusableSlot[];
}

export interface UiResults {
  consentDetails: ConsentDetails | null;
  consentDecision: { done: boolean; details?: ConsentDetails };
  popup: PopupModel;
  login: { expiresInMs: number };
  cleanup: CleanupReport;
  restore: { written: boolean };
  checkRevocation: ResultOf<"checkRevocation">;
  modules: ResultOf<"listTokens">;
  setModules: ResultOf<"setModulePaths">;
  doctor: ResultOf<"doctor">;
  gatewaySignIn: ResultOf<"gatewayStart">;
  /** The host's answer, with the certificate the running session signed in with when the sign-in recorded it. */
  gatewayStatus: ResultOf<"gatewayStatus"> & { signedInWith?: { owner: string; thumbprint: string } };
  gatewayStop: ResultOf<"gatewayStop">;
}

export type UiResponse<K extends UiKind> = { ok: true; result: UiResults[K] } | { ok: false; error: ErrorInfo };
