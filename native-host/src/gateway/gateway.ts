/**
 * The local GOST gateway: serves the GOST cabinets to the browser at
 * http://HOST.localhost:PORT (a secure context, resolved to loopback by the browser itself, no
 * certificate to install) and forwards each admitted request to https://HOST over the upstream
 * back end with the token's key. It listens on loopback only, on 127.0.0.1 and ::1 at the same
 * port (browsers try both for .localhost, so nobody else may hold either), and once its session
 * ends (sign-out, the credential gone, inactivity, or a stop) it answers every request with a
 * page saying so, until closed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GATEWAY_KEY_HEADER, gatewayOrigin, gostCabinetByHost } from "../../../shared/gost-cabinets.ts";
import { type ErrorInfo, KepError, serializeError } from "../../../shared/protocol/index.ts";
import type { Logger } from "../log.ts";
import { continuePage } from "./continue-page.ts";
import { CookieJar } from "./cookie-jar.ts";
import { errorPage } from "./error-page.ts";
import { browserResponseHeaders, preflightHeaders, upstreamRequestHeaders } from "./rewrite.ts";
import { SESSION_COOKIE, SessionGuard, START_PATH, type Refusal } from "./session-guard.ts";
import type { Upstream } from "./upstream.ts";

export type StopReason = "signed-out" | "credential-lost" | "idle" | "stopped";

export interface GatewayOptions {
  upstream: Upstream;
  /** Tried first; when another program holds it on either loopback address, any free port is taken. */
  preferredPort?: number;
  /** Inactivity after which the session ends. */
  idleMs?: number;
  onStop?: (reason: StopReason) => void;
  log?: Logger;
}

export interface Gateway {
  readonly port: number;
  /** Where the extension sends the browser: a one-time URL that starts the browser's session. */
  startUrl(host: string, next?: string): string;
  /** The secret the extension's header rule adds to requests the gateway's pages initiate (session-guard.ts). */
  readonly redirectKey: string;
  readonly stopReason: StopReason | null;
  /** When the gateway started serving (epoch ms). */
  readonly startedAt: number;
  /** When the session ends for inactivity unless a request comes first (epoch ms). */
  readonly idleEndsAt: number;
  /** Ends the session; the listener stays to answer with the "session ended" page until close(). */
  stop(reason?: StopReason): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_IDLE_MS = 15 * 60_000;
const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** Errors after which the sign-in cannot be used any more (the token is gone, or the server wants a new one): the session ends with them. */
const CREDENTIAL_LOST = new Set(["TOKEN_REMOVED", "TOKEN_NOT_PRESENT", "NOT_LOGGED_IN", "PIN_INCORRECT", "PIN_LOCKED", "TLS_SESSION_NOT_RESUMED"]);

const STOP_TEXTS: Record<StopReason, { problemRu: string; problemEn: string }> = {
  "signed-out": { problemRu: "вы вышли из личного кабинета.", problemEn: "you signed out of the cabinet." },
  "credential-lost": {
    problemRu: "токен извлечён или личный кабинет попросил подтвердить вход заново.",
    problemEn: "the token was removed, or the cabinet asked to confirm the sign-in again.",
  },
  idle: { problemRu: "долго не было действий.", problemEn: "there was no activity for a long time." },
  stopped: { problemRu: "сеанс завершён в окне kep-bridge.", problemEn: "the session was ended in kep-bridge's window." },
};

const REFUSAL_TEXTS: Record<Refusal, { problemRu: string; problemEn: string }> = {
  host: { problemRu: "запрос к другому имени.", problemEn: "the request names another host." },
  "cross-site": { problemRu: "запрос пришёл со страницы другого сайта.", problemEn: "the request came from another site's page." },
  "no-session": { problemRu: "запрос не из сеанса, открытого kep-bridge.", problemEn: "the request is not from the session kep-bridge opened." },
  "bad-ticket": { problemRu: "ссылка для входа уже использована или устарела.", problemEn: "the sign-in link was already used or has expired." },
};

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        reject(new KepError("BAD_REQUEST", `request body over ${MAX_BODY_BYTES} bytes`));
      } else parts.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(parts)));
    req.on("error", reject);
  });
}

function headerPairs(req: IncomingMessage): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) out.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  return out;
}

function sendPage(res: ServerResponse, status: number, error: ErrorInfo, host: string | undefined): void {
  const body = Buffer.from(errorPage(error, host));
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Content-Length": body.length, "Cache-Control": "no-store" });
  res.end(body);
}

/** Same-origin requests teach the jar the browser's cookies; redirected ones get from it those the browser withheld. */
function withCabinetCookies(headers: [string, string][], jar: CookieJar, redirected: boolean): [string, string][] {
  const at = headers.findIndex(([name]) => name.toLowerCase() === "cookie");
  const sent = at >= 0 ? headers[at]![1] : undefined;
  if (!redirected) {
    jar.learnFromRequest(sent);
    return headers;
  }
  const complete = jar.complete(sent);
  return complete === undefined ? headers : [...headers.filter((_, i) => i !== at), ["Cookie", complete]];
}

/** A top-level page load (a link followed, an address opened), not a subresource, frame or form post. */
const isTopLevelGet = (req: IncomingMessage) =>
  (req.method === "GET" || req.method === "HEAD") && req.headers["sec-fetch-mode"] === "navigate" && req.headers["sec-fetch-dest"] === "document";

function sendContinuePage(res: ServerResponse, host: string, target: string): void {
  const body = Buffer.from(continuePage(host, target));
  // Never inside another site's frame, where a click on "continue" could be stolen.
  res.writeHead(403, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": body.length,
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
  });
  res.end(body);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen({ port, host, exclusive: true }, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

/** Both loopback listeners on one port: the preferred one if nobody holds it on either address, else a free one. */
async function listenOnLoopback(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  preferredPort: number,
): Promise<{ servers: Server[]; port: number }> {
  for (const first of preferredPort > 0 ? [preferredPort, 0, 0, 0] : [0, 0, 0, 0]) {
    const v4 = createServer(handler);
    let port: number;
    try {
      port = await listen(v4, first, "127.0.0.1");
    } catch {
      continue;
    }
    const v6 = createServer(handler);
    try {
      await listen(v6, port, "::1");
      return { servers: [v4, v6], port };
    } catch (error) {
      // A machine without IPv6 loopback has nobody to squat on ::1 either.
      if ((error as NodeJS.ErrnoException).code === "EADDRNOTAVAIL") return { servers: [v4], port };
      await closeServer(v4);
    }
  }
  throw new KepError("INTERNAL", "no loopback port is free on both 127.0.0.1 and ::1");
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  let stopReason: StopReason | null = null;
  let idleTimer: NodeJS.Timeout | undefined;
  let idleEndsAt = 0;
  let guard: SessionGuard | undefined;
  const jar = new CookieJar();

  const stop = async (reason: StopReason = "stopped") => {
    if (stopReason !== null) return;
    stopReason = reason;
    clearTimeout(idleTimer);
    options.log?.info("gateway session ended", { reason });
    await options.upstream.close();
    options.onStop?.(reason);
  };
  const touch = () => {
    clearTimeout(idleTimer);
    idleEndsAt = Date.now() + idleMs;
    idleTimer = setTimeout(() => void stop("idle"), idleMs);
    idleTimer.unref();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const target = req.url ?? "/";
    const admission = guard!.admit({
      host: req.headers.host,
      target,
      secFetchSite: req.headers["sec-fetch-site"] as string | undefined,
      cookie: req.headers.cookie,
      referer: req.headers.referer,
      key: req.headers[GATEWAY_KEY_HEADER.toLowerCase()] as string | undefined,
      corsPreflight: req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined,
    });
    if (!admission.ok && admission.refusal === "host") {
      res.writeHead(421, { "Content-Type": "text/plain; charset=utf-8" }).end("421 Misdirected Request\n");
      return;
    }
    const host = admission.ok ? admission.cabinet.host : gostCabinetByHost((req.headers.host ?? "").replace(/\.localhost:\d+$/, ""))?.host;
    if (stopReason !== null)
      return sendPage(res, 403, { code: "GATEWAY_CLOSED", message: `gateway session ended: ${stopReason}`, details: STOP_TEXTS[stopReason] }, host);
    if (!admission.ok) {
      // Which page tried is what support needs; the path and cookies are the user's business.
      options.log?.warn("gateway request refused", {
        refusal: admission.refusal,
        site: req.headers["sec-fetch-site"] as string | undefined,
        origin: req.headers.origin,
      });
      if (admission.refusal === "cross-site" && host !== undefined && isTopLevelGet(req)) return sendContinuePage(res, host, target);
      return sendPage(res, 403, { code: "GATEWAY_REFUSED", message: `request refused: ${admission.refusal}`, details: REFUSAL_TEXTS[admission.refusal] }, host);
    }
    touch();
    if (admission.start) {
      const page = Buffer.from(
        `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${admission.next.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}"><title>kep-bridge</title>`,
      );
      // The cabinet is loaded by this same-origin refresh, not a redirect, so the Strict cookie goes with it.
      res.writeHead(200, {
        "Set-Cookie": admission.cookie,
        "Content-Type": "text/html; charset=utf-8",
        "Content-Length": page.length,
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
      });
      res.end(page);
      return;
    }
    const cabinet = admission.cabinet;
    // A fetch or XHR the redirect made cross-origin reads its answer only with CORS headers for its (opaque) origin.
    const corsOrigin = admission.via !== "page" && req.headers["sec-fetch-mode"] === "cors" ? req.headers.origin : undefined;
    if (admission.via === "preflight") {
      res.writeHead(
        204,
        preflightHeaders(corsOrigin ?? "null", req.headers["access-control-request-method"] as string, req.headers["access-control-request-headers"]).flat(),
      );
      res.end();
      return;
    }
    try {
      await options.upstream.checkCredential();
      const response = await options.upstream.exchange({
        host: cabinet.host,
        method: req.method ?? "GET",
        target,
        headers: withCabinetCookies(
          upstreamRequestHeaders(headerPairs(req), gateway.port, SESSION_COOKIE, admission.via === "redirect" ? `https://${cabinet.host}` : undefined),
          jar,
          admission.via === "redirect",
        ),
        body,
      });
      for (const [name, value] of response.headers) if (name.toLowerCase() === "set-cookie") jar.learnFromResponse(value);
      const headers = browserResponseHeaders(response.headers, gateway.port, corsOrigin);
      res.writeHead(response.status, response.statusText || undefined, [...headers.flat(), "Content-Length", String(response.body.length)]);
      res.end(response.body);
      if (cabinet.signOutPaths.includes(new URL(target, "http://gateway").pathname)) await stop("signed-out");
    } catch (error) {
      const info = serializeError(error);
      options.log?.warn("gateway request failed", { code: info.code, message: info.message });
      sendPage(res, 502, info, cabinet.host);
      if (CREDENTIAL_LOST.has(info.code)) await stop("credential-lost");
    }
  };

  const { servers, port } = await listenOnLoopback((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendPage(res, 400, { code: "BAD_REQUEST", message: String(error) }, undefined);
      else res.destroy();
    });
  }, options.preferredPort ?? 0);
  guard = new SessionGuard(port);
  const startedAt = Date.now();
  touch();

  const gateway: Gateway = {
    port,
    startUrl(host, next = "/") {
      const cabinet = gostCabinetByHost(host);
      if (!cabinet) throw new KepError("ORIGIN_NOT_ALLOWED", `${host} is not a GOST cabinet`, { origin: `https://${host}` });
      if (stopReason !== null) throw new KepError("GATEWAY_CLOSED", `gateway session ended: ${stopReason}`, STOP_TEXTS[stopReason]);
      return `${gatewayOrigin(cabinet, port)}${START_PATH}?ticket=${guard!.issueTicket()}&next=${encodeURIComponent(next)}`;
    },
    redirectKey: guard.redirectKey,
    get stopReason() {
      return stopReason;
    },
    startedAt,
    get idleEndsAt() {
      return idleEndsAt;
    },
    stop,
    async close() {
      await stop();
      await Promise.all(servers.map(closeServer));
    },
  };
  return gateway;
}
