/**
 * The gateway with the client key of a certificate on a token: logs in with the PIN the user
 * typed in the confirmation window, proves the server and the certificate with one connection,
 * then serves. The session keeps that PIN until it ends: the token's login belongs to the whole
 * host, and a site's signature in the cabinet logs the token out when it is done, so the gateway
 * logs back in for its next handshake. A failed start, and the session's end, leave the token
 * logged out and the PIN forgotten.
 */
import { gostCabinetByHost } from "../../../shared/gost-cabinets.ts";
import { KepError, type TokenRef } from "../../../shared/protocol/index.ts";
import type { Logger } from "../log.ts";
import type { ModuleRegistry } from "../pkcs11/registry.ts";
import { createTokenClientKey } from "../tls/token-client-key.ts";
import { findCertificateToken } from "../tokens/find-certificate.ts";
import type { TokenSessions } from "../tokens/sessions.ts";
import { startGateway, type Gateway, type StopReason } from "./gateway.ts";
import { createGostTlsUpstream } from "./gost-tls-upstream.ts";

export interface TokenGatewayOptions {
  registry: ModuleRegistry;
  sessions: TokenSessions;
  /** SHA-1 thumbprint of the sign-in certificate. */
  thumbprint: string;
  /** The token the certificate is on; without it, every inserted token is searched. */
  token?: TokenRef;
  pin: string;
  /** The cabinet to sign in to, from the shared table. */
  host: string;
  trustAnchors: readonly Uint8Array[];
  connectTo?: (host: string) => { host: string; port: number };
  preferredPort?: number;
  idleMs?: number;
  log?: Logger;
  onStop?: (reason: StopReason) => void;
}

export async function startTokenGateway(options: TokenGatewayOptions): Promise<Gateway> {
  if (!gostCabinetByHost(options.host))
    throw new KepError("ORIGIN_NOT_ALLOWED", `${options.host} is not a GOST cabinet`, { origin: `https://${options.host}` });
  const { module, ref } = options.token
    ? { module: options.registry.get(options.token.module), ref: options.token }
    : await findCertificateToken(options.registry, options.thumbprint.toUpperCase());
  let pin: string | null = options.pin;
  await options.sessions.login(module, ref, pin);
  const logout = () => {
    pin = null;
    return options.sessions.logout(module, ref);
  };
  const keptPin = () => {
    if (pin === null) throw new KepError("NOT_LOGGED_IN", "the gateway's session has ended", { serial: ref.serial });
    return pin;
  };
  try {
    const clientKey = await createTokenClientKey({
      registry: options.registry,
      sessions: options.sessions,
      thumbprint: options.thumbprint,
      token: ref,
      pin: async () => keptPin(),
    });
    const upstream = createGostTlsUpstream({
      trustAnchors: options.trustAnchors,
      clientKey,
      // Reused connections need no token operation, so each request asks the token whether it is still there.
      checkCredential: async () => {
        if (!options.sessions.isLoggedIn(ref)) await options.sessions.login(module, ref, keptPin());
        await options.sessions.withSession(module, ref, "gateway request", () => undefined);
      },
      ...(options.connectTo ? { connectTo: options.connectTo } : {}),
    });
    await upstream.connect(options.host);
    return await startGateway({
      upstream,
      ...(options.preferredPort !== undefined ? { preferredPort: options.preferredPort } : {}),
      ...(options.idleMs !== undefined ? { idleMs: options.idleMs } : {}),
      ...(options.log ? { log: options.log } : {}),
      onStop: (reason) => {
        void logout().catch(() => undefined);
        options.onStop?.(reason);
      },
    });
  } catch (error) {
    await logout().catch(() => undefined);
    throw error;
  }
}
