/**
 * The GOST TLS back end: HTTP/1.1 over TlsConnection. The token's key makes one full handshake,
 * the sign-in (connect); every later connection resumes that session (by ticket or session ID)
 * and needs neither the key nor the PIN. Idle connections are kept per host and reused.
 *
 * When a new connection cannot be resumed — the server refuses the session (expired, its ticket
 * key rotated) or never issued one — the upstream does not fall back to the token: it waits for
 * a connection already open, if any, and otherwise fails with TLS_SESSION_NOT_RESUMED, which
 * ends the gateway's session with a page asking the user to sign in again.
 */
import { KepError } from "../../../shared/protocol/index.ts";
import type { TlsClientKey } from "../tls/client-key.ts";
import { TlsConnection } from "../tls/connection.ts";
import { TlsError } from "../tls/errors.ts";
import { readHttpResponse } from "../tls/http-get.ts";
import { forgetSession, type TlsSession } from "../tls/session.ts";
import type { Upstream, UpstreamRequest, UpstreamResponse } from "./upstream.ts";

export interface GostTlsUpstreamOptions {
  trustAnchors: readonly Uint8Array[];
  /** The key of the sign-in's full handshake; later connections resume that session and never use it. */
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

/** One host's connections: the session they resume, the idle ones, how many are in use, and who waits for one. */
interface HostPool {
  session: TlsSession | null;
  idle: TlsConnection[];
  busy: number;
  waiting: ((connection: TlsConnection | null) => void)[];
}

function notResumable(host: string): TlsError {
  return new TlsError("TLS_SESSION_NOT_RESUMED", `${host} has no session to resume and no connection open`, { server: host });
}

export function createGostTlsUpstream(options: GostTlsUpstreamOptions): Upstream {
  const pools = new Map<string, HostPool>();
  const poolOf = (host: string): HostPool => {
    let pool = pools.get(host);
    if (!pool) pools.set(host, (pool = { session: null, idle: [], busy: 0, waiting: [] }));
    return pool;
  };

  const target = (host: string) => options.connectTo?.(host) ?? { host, port: 443 };
  const common = (host: string) => ({
    ...target(host),
    hostName: host,
    trustAnchors: options.trustAnchors,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });

  /** A new connection that resumes the pool's session: the key names the client certificate and is never used. */
  const resume = async (host: string, pool: HostPool): Promise<TlsConnection> => {
    const session = pool.session;
    if (!session) throw notResumable(host);
    try {
      const connection = await TlsConnection.connect({ ...common(host), clientKey: options.clientKey, resume: session, resumeOnly: true });
      // A renewed ticket replaces the old one; the master secret is the same.
      if (pool.session === session) pool.session = connection.handshake.session;
      return connection;
    } catch (error) {
      if (error instanceof KepError && error.code === "TLS_SESSION_NOT_RESUMED" && pool.session === session) {
        pool.session = null;
        forgetSession(session);
      }
      throw error;
    }
  };

  /**
   * An idle connection (unless `fresh`), a resumed one, or — without a session — the next one
   * another request releases; counted as busy until released. `reused` when it has carried a
   * request before.
   */
  const acquire = async (host: string, fresh = false): Promise<{ connection: TlsConnection; reused: boolean }> => {
    const pool = poolOf(host);
    for (;;) {
      const idle = fresh ? undefined : pool.idle.pop();
      if (idle) {
        pool.busy++;
        return { connection: idle, reused: true };
      }
      if (pool.session || pool.busy === 0) {
        const connection = await resume(host, pool);
        pool.busy++;
        return { connection, reused: false };
      }
      // release() counts a connection it hands over as busy.
      const handed = await new Promise<TlsConnection | null>((resolve) => pool.waiting.push(resolve));
      if (handed) return { connection: handed, reused: true };
    }
  };

  const release = (host: string, connection: TlsConnection, reusable: boolean) => {
    const pool = poolOf(host);
    pool.busy--;
    const waiter = pool.waiting.shift();
    if (reusable && waiter) {
      pool.busy++;
      waiter(connection);
      return;
    }
    if (reusable && pool.idle.length < MAX_IDLE_PER_HOST) {
      // Kept until the server closes it: without a session to resume, it may be the only one there is.
      connection.rest();
      pool.idle.push(connection);
    } else void connection.close().catch(() => undefined);
    // A waiter that got nothing tries again: resuming, or failing when nothing is left open.
    waiter?.(null);
  };

  const exchangeOn = async (host: string, connection: TlsConnection, request: UpstreamRequest) => {
    try {
      await connection.write(requestBytes(request));
      const response = await readHttpResponse(connection, request.method);
      release(host, connection, keepsAlive(response, response.httpVersion));
      return response;
    } catch (error) {
      release(host, connection, false);
      throw error;
    }
  };

  return {
    checkCredential: options.checkCredential,
    async connect(host) {
      const pool = poolOf(host);
      const connection = await TlsConnection.connect({ ...common(host), clientKey: options.clientKey });
      if (pool.session) forgetSession(pool.session);
      pool.session = connection.handshake.session;
      pool.busy++;
      release(host, connection, true);
    },
    async exchange(request) {
      const { connection, reused } = await acquire(request.host);
      try {
        return await exchangeOn(request.host, connection, request);
      } catch (error) {
        // The server may close an idle connection at any moment; only that (a closed or reset socket) is retried on a new one.
        const closed = (error instanceof TlsError && error.code === "TLS_CONNECTION_CLOSED") || !(error instanceof KepError);
        if (!reused || !closed) throw error;
      }
      // The other idle connections are as old as this one was: the retry resumes a new one.
      const retry = await acquire(request.host, true);
      return exchangeOn(request.host, retry.connection, request);
    },
    async close() {
      const all = [...pools.values()].flatMap((pool) => {
        if (pool.session) forgetSession(pool.session);
        pool.session = null;
        for (const waiter of pool.waiting.splice(0)) waiter(null);
        return pool.idle.splice(0);
      });
      await Promise.all(all.map((c) => c.close().catch(() => undefined)));
    },
  };
}
