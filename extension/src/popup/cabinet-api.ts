import browser from "webextension-polyfill";
import type { TokenRef } from "../../../shared/protocol/index.ts";
import type { UiResults } from "../messaging/ui-protocol.ts";
import { send } from "./api.ts";

/** Resolves once the cabinet's tab is open, signed in; the background shows the confirmation window first. */
export const signInToCabinet = (host: string, token: TokenRef, certificate: string) => send({ kind: "gatewaySignIn", host, token, certificate });

/** What the popup asks about a GOST cabinet session; tests pass their own. */
export interface CabinetApi {
  signIn: typeof signInToCabinet;
  status(): Promise<UiResults["gatewayStatus"]>;
  /** Ends the session: the host logs the token out, the background drops the cabinet's redirect. */
  stop(): Promise<unknown>;
  /** A tab on the gateway origin: the browser there has the session's cookie already. */
  open(origin: string): Promise<unknown>;
}

export const runtimeCabinetApi: CabinetApi = {
  signIn: signInToCabinet,
  status: () => send({ kind: "gatewayStatus" }),
  stop: () => send({ kind: "gatewayStop" }),
  open: (origin) => browser.tabs.create({ url: `${origin}/` }),
};
