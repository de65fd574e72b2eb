/**
 * The gateway with the client key of a certificate on a token: logs in with the PIN the user
 * typed in the confirmation window, proves the server and the certificate with one connection,
 * then serves. The login lasts as long as the gateway's session: its end logs the token out, and
 * a failed start leaves the token logged out.
 */
import { gostCabinetByHost } from "../../../shared/gost-cabinets.ts";
import type { TokenRef } from "../../../shared/protocol/index.ts";
import { HostError } from "../errors.ts";
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
  if (!gostCabinetByHost(options.host)) throw new HostError("ORIGIN_NOT_ALLOWED", `${options.host} is not a GOST cabinet`, { origin: `https://${options.host}` });
  const { module, ref } = options.token
    ? { module: options.registry.get(options.token.module), ref: options.token }
    : await findCertificateToken(options.registry, options.thumbprint.toUpperCase());
  await options.sessions.login(module, ref, options.pin);
  const logout = () => options.sessions.logout(module, ref);
  try {
    const clientKey = await createTokenClientKey({
      registry: options.registry,
      sessions: options.sessions,
      thumbprint: options.thumbprint,
      token: ref,
      // The PIN is typed once, in the confirmation window; a login that ended ends the session.
      pin: () => Promise.reject(new HostError("NOT_LOGGED_IN", "the gateway's token login has ended", { serial: ref.serial })),
    });
    const upstream = createGostTlsUpstream({
      trustAnchors: options.trustAnchors,
      clientKey,
      // Reused connections need no token operation, so each request asks the token whether it is still there.
      checkCredential: () => options.sessions.withSession(module, ref, "gateway request", () => undefined),
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
