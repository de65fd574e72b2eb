import browser from "webextension-polyfill";
import type { Revocation, TokenRef } from "../../../shared/protocol/index.ts";
import { listTrustedRoots } from "../storage/roots.ts";
import type { NativeHostClient } from "./native-host.ts";

/**
 * Certificates the CA's own CRL lists as revoked, by thumbprint, for the cards' status and
 * cleanup. Session storage: in memory, gone with the browser, like the CRLs the host keeps;
 * a certificate is checked again after that only when the user asks.
 */
const KEY = "caRevoked";

async function readRevoked(): Promise<string[]> {
  const stored: unknown = (await browser.storage.session.get(KEY))[KEY];
  return Array.isArray(stored) ? stored.filter((t): t is string => typeof t === "string") : [];
}

export const caRevokedThumbprints = readRevoked;

/**
 * Asks the host for the CA's word on a certificate of the token: the certificate's CRLs,
 * verified with a CA certificate from the token or the options' store. Only the user's
 * click in the certificate's details starts it, since the download tells the network which
 * CA the user has. A CRL's "revoked" is remembered for the popup; a later "good" clears it.
 */
export async function checkRevocation(host: NativeHostClient, request: { token: TokenRef; thumbprint: string }): Promise<Revocation> {
  const issuers = (await listTrustedRoots()).map((root) => root.der);
  const result = await host.call("checkRevocation", { token: request.token, certificate: request.thumbprint, issuers });
  if (result.status !== "unknown") {
    const others = (await readRevoked()).filter((t) => t !== request.thumbprint);
    await browser.storage.session.set({ [KEY]: result.status === "revoked" ? [...others, request.thumbprint] : others });
  }
  return result;
}
