import type { Revocation, TokenRef } from "../../../shared/protocol/index.ts";
import { send } from "./api.ts";

/** The CA's word on a certificate, from its CRL, fetched by the host when the user asks. */
export const checkRevocation = (token: TokenRef, thumbprint: string): Promise<Revocation> => send({ kind: "checkRevocation", token, thumbprint });
