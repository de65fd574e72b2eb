import type { TokenRef } from "../../../shared/protocol/index.ts";
import { send } from "./api.ts";

/** Resolves once the cabinet's tab is open, signed in; the background shows the confirmation window first. */
export const signInToCabinet = (host: string, token: TokenRef, certificate: string) => send({ kind: "gatewaySignIn", host, token, certificate });
