/**
 * The gateway with the client key of a certificate on a token. The PIN the user typed in the
 * confirmation window serves the sign-in only: log in, one full GOST TLS handshake with the
 * token's key (it also shows an untrusted server or a refused certificate before the browser is
 * sent there), log out, forget the PIN. Every later connection resumes that handshake's TLS
 * session without the token; each request only asks whether the token is still inserted, with
 * no login. When the server will not resume, the session ends with a page asking the user to
 * sign in again rather than the host keeping the PIN to do it (README: the GOST gateway).
 */
import { gostCabinetByHost } from "../../../shared/gost-cabinets.ts";
import { KepError, type TokenRef } from "../../../shared/protocol/index.ts";
import type { Logger } from "../log.ts";
import type { ModuleRegistry } from "../pkcs11/registry.ts";
import { createTokenClientKey } from "../tls/token-client-key.ts";
import { findCertificateToken } from "../tokens/find-certificate.ts";
import type { TokenSessions } from "../tokens/sessions.ts";
import { ensureTokenPresent } from "../tokens/token-present.ts";
import { startGateway, type Gateway, type StopReason } from "./gateway.ts";
import { createGostTlsUpstream } from "./gost-tls-upstream.ts";
import type { Upstream } from "./upstream.ts";

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
  // Nothing below keeps `options`, which holds the PIN, past the sign-in.
  const { registry, sessions, thumbprint, host, trustAnchors, connectTo, preferredPort, idleMs, log, onStop } = options;
  if (!gostCabinetByHost(host)) throw new KepError("ORIGIN_NOT_ALLOWED", `${host} is not a GOST cabinet`, { origin: `https://${host}` });
  const { module, ref } = options.token
    ? { module: registry.get(options.token.module), ref: options.token }
    : await findCertificateToken(registry, thumbprint.toUpperCase());
  let pin: string | null = options.pin;
  const keptPin = () => {
    if (pin === null) throw new KepError("NOT_LOGGED_IN", "the gateway signed in already and keeps no PIN", { serial: ref.serial });
    return pin;
  };
  let upstream: Upstream;
  try {
    await sessions.login(module, ref, pin);
    const clientKey = await createTokenClientKey({
      registry,
      sessions,
      thumbprint,
      token: ref,
      pin: async () => keptPin(),
    });
    upstream = createGostTlsUpstream({
      trustAnchors,
      clientKey,
      checkCredential: () => ensureTokenPresent(module, ref),
      ...(connectTo ? { connectTo } : {}),
    });
    await upstream.connect(host);
  } finally {
    pin = null;
    await sessions.logout(module, ref).catch(() => undefined);
  }
  try {
    return await startGateway({
      upstream,
      ...(preferredPort !== undefined ? { preferredPort } : {}),
      ...(idleMs !== undefined ? { idleMs } : {}),
      ...(log ? { log } : {}),
      ...(onStop ? { onStop } : {}),
    });
  } catch (error) {
    await upstream.close();
    throw error;
  }
}
