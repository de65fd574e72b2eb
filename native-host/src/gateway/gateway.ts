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
import { gatewayOrigin, gostCabinetByHost } from "../../../shared/gost-cabinets.ts";
import { type ErrorInfo, KepError, serializeError } from "../../../shared/protocol/index.ts";
import type { Logger } from "../log.ts";
import { errorPage } from "./error-page.ts";
import { browserResponseHeaders, upstreamRequestHeaders } from "./rewrite.ts";
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
    try {
      await options.upstream.checkCredential();
      const response = await options.upstream.exchange({
        host: cabinet.host,
        method: req.method ?? "GET",
        target,
        headers: upstreamRequestHeaders(headerPairs(req), gateway.port, SESSION_COOKIE),
        body,
      });
      const headers = browserResponseHeaders(response.headers, gateway.port);
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
