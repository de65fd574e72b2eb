/** One HTTPS GET over GOST TLS: what `kep fetch` and the browser gateway call. */
import type { TlsClientKey } from "./client-key.ts";
import { TlsConnection } from "./connection.ts";
import type { HandshakeResult } from "./handshake.ts";
import { httpGet, type HttpResponse } from "./http-get.ts";
import type { CipherSuite } from "./suites.ts";

export interface FetchOptions {
  url: URL;
  /** Connect here instead of the URL's host, keeping that host for SNI, certificate and Host. */
  connectTo?: { host: string; port: number };
  trustAnchors: readonly Uint8Array[];
  clientKey: TlsClientKey | null;
  suites?: readonly CipherSuite[];
  timeoutMs?: number;
}

export interface FetchResult {
  response: HttpResponse;
  handshake: HandshakeResult;
}

export async function gostFetch(options: FetchOptions): Promise<FetchResult> {
  if (options.url.protocol !== "https:") throw new RangeError(`only https URLs can be fetched over GOST TLS, not ${options.url.protocol}`);
  const hostName = options.url.hostname.replace(/^\[|\]$/g, "");
  const connection = await TlsConnection.connect({
    host: options.connectTo?.host ?? hostName,
    port: options.connectTo?.port ?? Number(options.url.port || 443),
    hostName,
    trustAnchors: options.trustAnchors,
    clientKey: options.clientKey,
    ...(options.suites ? { suites: options.suites } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  try {
    return { response: await httpGet(connection, options.url), handshake: connection.handshake };
  } finally {
    await connection.close();
  }
}
