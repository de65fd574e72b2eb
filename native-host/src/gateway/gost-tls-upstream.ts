/**
 * The GOST TLS back end: HTTP/1.1 over TlsConnection with the client key on the token. Idle
 * connections are kept per host and reused, so a page of twenty requests costs a handshake or
 * two, each a token operation, rather than twenty.
 */
import { KepError } from "../../../shared/protocol/index.ts";
import type { TlsClientKey } from "../tls/client-key.ts";
import { TlsConnection } from "../tls/connection.ts";
import { TlsError } from "../tls/errors.ts";
import { readHttpResponse } from "../tls/http-get.ts";
import type { Upstream, UpstreamRequest, UpstreamResponse } from "./upstream.ts";

export interface GostTlsUpstreamOptions {
  trustAnchors: readonly Uint8Array[];
  clientKey: TlsClientKey;
  checkCredential: () => Promise<void>;
  /** Where to connect for a host instead of resolving it (tests, a local cabinet). */
  connectTo?: (host: string) => { host: string; port: number };
  timeoutMs?: number;
}

/** Idle connections kept per host; a browser opens at most six at once. */
const MAX_IDLE_PER_HOST = 6;

function keepsAlive(response: UpstreamResponse, httpVersion: string): boolean {
  const connection = response.headers.find(([n]) => n.toLowerCase() === "connection")?.[1].toLowerCase() ?? "";
  if (connection.split(",").some((t) => t.trim() === "close")) return false;
  const delimited = response.headers.some(([n]) => ["content-length", "transfer-encoding"].includes(n.toLowerCase()));
  return httpVersion === "HTTP/1.1" && (delimited || response.status === 204 || response.status === 304);
}

function requestBytes(request: UpstreamRequest): Uint8Array {
  const lines = [`${request.method} ${request.target} HTTP/1.1`, `Host: ${request.host}`, ...request.headers.map(([n, v]) => `${n}: ${v}`)];
  if (request.body.length > 0 || !["GET", "HEAD", "OPTIONS"].includes(request.method)) lines.push(`Content-Length: ${request.body.length}`);
  const head = new TextEncoder().encode(`${lines.join("\r\n")}\r\n\r\n`);
  const out = new Uint8Array(head.length + request.body.length);
  out.set(head);
  out.set(request.body, head.length);
  return out;
}

export function createGostTlsUpstream(options: GostTlsUpstreamOptions): Upstream {
  const idle = new Map<string, TlsConnection[]>();

  const open = (host: string) => {
    const target = options.connectTo?.(host) ?? { host, port: 443 };
    return TlsConnection.connect({
      host: target.host,
      port: target.port,
      hostName: host,
      trustAnchors: options.trustAnchors,
      clientKey: options.clientKey,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
  };

  const exchangeOn = async (connection: TlsConnection, request: UpstreamRequest) => {
    await connection.write(requestBytes(request));
    const response = await readHttpResponse(connection, request.method);
    return { response, reusable: keepsAlive(response, response.httpVersion) };
  };

  const release = (host: string, connection: TlsConnection, reusable: boolean) => {
    const list = idle.get(host) ?? [];
    if (reusable && list.length < MAX_IDLE_PER_HOST) {
      list.push(connection);
      idle.set(host, list);
    } else void connection.close().catch(() => undefined);
  };

  return {
    checkCredential: options.checkCredential,
    async connect(host) {
      release(host, await open(host), true);
    },
    async exchange(request) {
      const reused = idle.get(request.host)?.pop();
      if (reused) {
        try {
          const { response, reusable } = await exchangeOn(reused, request);
          release(request.host, reused, reusable);
          return response;
        } catch (error) {
          void reused.close().catch(() => undefined);
          // The server may close an idle connection at any moment; only that (a closed or reset socket) is retried on a new one.
          const closed = (error instanceof TlsError && error.code === "TLS_CONNECTION_CLOSED") || !(error instanceof KepError);
          if (!closed) throw error;
        }
      }
      const connection = await open(request.host);
      try {
        const { response, reusable } = await exchangeOn(connection, request);
        release(request.host, connection, reusable);
        return response;
      } catch (error) {
        void connection.close().catch(() => undefined);
        throw error;
      }
    },
    async close() {
      const all = [...idle.values()].flat();
      idle.clear();
      await Promise.all(all.map((c) => c.close().catch(() => undefined)));
    },
  };
}
