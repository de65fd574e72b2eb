/**
 * Who may use the gateway: only a browser that opened the start URL the host gave the extension.
 * The URL carries a one-time ticket; the gateway trades it for an HttpOnly SameSite=Strict
 * cookie holding the session secret, and every later request must carry that cookie, name a
 * cabinet's gateway host in Host (no DNS rebinding), and not come from another site
 * (Sec-Fetch-Site). Another local program has neither ticket nor cookie; a page of another site
 * cannot read the cookie and is refused by Sec-Fetch-Site even where the browser would send it.
 *
 * One exception: the cabinet's own absolute links, scripts, forms and XHR to https://<cabinet>
 * reach the gateway through the extension's redirect, and Chromium computes Sec-Fetch-Site (and
 * SameSite) over the whole redirect chain, so they arrive as cross-site and without the Strict
 * cookie. The extension adds the redirect key, a second secret only it and the host know, to
 * requests its rule sees initiated by the gateway's name; the gateway admits a cross-site request
 * only with that key and a Referer of its own origin (the rule cannot tell ports apart, the
 * Referer can). CORS preflights of such requests carry no extension headers, so they are answered
 * here and never forwarded: the request they announce still needs the key.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { gatewayOrigin, gostCabinetOfGatewayHost, type GostCabinet } from "../../../shared/gost-cabinets.ts";

export const SESSION_COOKIE = "kep_gateway";
export const START_PATH = "/__kep/start";
/** Long enough to open a tab, short enough that a leaked URL is soon worthless. */
const TICKET_TTL_MS = 60_000;

export type Refusal = "host" | "cross-site" | "no-session" | "bad-ticket";

/**
 * How an admitted request came: from the cabinet's pages with the session cookie ("page"), through
 * the extension's redirect with the key ("redirect"), or as the CORS preflight of a redirected
 * request ("preflight", answered by the gateway itself).
 */
export type Via = "page" | "redirect" | "preflight";

export type Admission =
  | { ok: true; cabinet: GostCabinet; start: false; via: Via }
  | { ok: true; cabinet: GostCabinet; start: true; cookie: string; next: string }
  | { ok: false; refusal: Refusal };

export interface RequestFacts {
  host: string | undefined;
  /** Path and query. */
  target: string;
  secFetchSite: string | undefined;
  cookie: string | undefined;
  referer?: string | undefined;
  /** The redirect key header's value. */
  key?: string | undefined;
  /** An OPTIONS request with Access-Control-Request-Method. */
  corsPreflight?: boolean;
}

const equal = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function originOf(url: string | undefined): string | undefined {
  if (url === undefined || !URL.canParse(url)) return undefined;
  return new URL(url).origin;
}

export class SessionGuard {
  private readonly secret = randomBytes(32).toString("base64url");
  /** What the extension's header rule adds to the requests the gateway's pages initiate. */
  readonly redirectKey = randomBytes(32).toString("base64url");
  private readonly tickets = new Map<string, number>();

  constructor(
    private readonly port: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A ticket for one start URL; usable once, within a minute. */
  issueTicket(): string {
    const ticket = randomBytes(24).toString("base64url");
    this.tickets.set(ticket, this.now() + TICKET_TTL_MS);
    return ticket;
  }

  admit(request: RequestFacts): Admission {
    const match = /^([^:]+):(\d+)$/.exec(request.host ?? "");
    const cabinet = match && Number(match[2]) === this.port ? gostCabinetOfGatewayHost(match[1]!) : undefined;
    if (!cabinet) return { ok: false, refusal: "host" };
    // "none": typed, bookmarked, or opened by the extension; "same-origin": the cabinet's own pages.
    const fromOwnPage = request.secFetchSite === undefined || request.secFetchSite === "none" || request.secFetchSite === "same-origin";
    const url = new URL(request.target, "http://gateway");
    // Chromium sends the preflight of a redirected request as cross-site, Firefox as same-origin; no browser sends cookies with one.
    if (request.corsPreflight && originOf(request.referer) === gatewayOrigin(cabinet, this.port) && url.pathname !== START_PATH) {
      return { ok: true, cabinet, start: false, via: "preflight" };
    }
    if (!fromOwnPage) return this.admitRedirected(request, cabinet);
    if (url.pathname === START_PATH) {
      const ticket = url.searchParams.get("ticket") ?? "";
      const expires = this.tickets.get(ticket);
      this.tickets.delete(ticket);
      if (expires === undefined || expires < this.now()) return { ok: false, refusal: "bad-ticket" };
      const next = url.searchParams.get("next") ?? "/";
      return {
        ok: true,
        cabinet,
        start: true,
        cookie: `${SESSION_COOKIE}=${this.secret}; Path=/; HttpOnly; SameSite=Strict`,
        next: next.startsWith("/") && !next.startsWith("//") ? next : "/",
      };
    }
    const presented = cookieValue(request.cookie, SESSION_COOKIE);
    if (presented === undefined || !equal(presented, this.secret)) return { ok: false, refusal: "no-session" };
    return { ok: true, cabinet, start: false, via: "page" };
  }

  /** A request Sec-Fetch-Site calls cross-site or same-site: admitted only as the cabinet's own, redirected. */
  private admitRedirected(request: RequestFacts, cabinet: GostCabinet): Admission {
    if (originOf(request.referer) !== gatewayOrigin(cabinet, this.port)) return { ok: false, refusal: "cross-site" };
    if (new URL(request.target, "http://gateway").pathname === START_PATH) return { ok: false, refusal: "cross-site" };
    if (request.key === undefined || !equal(request.key, this.redirectKey)) return { ok: false, refusal: "cross-site" };
    return { ok: true, cabinet, start: false, via: "redirect" };
  }
}
