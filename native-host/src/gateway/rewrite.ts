/**
 * Header rewriting between the gateway origin (http://HOST.localhost:PORT) and the real cabinet
 * (https://HOST): the cabinet must see requests as if from its own pages, and the browser must
 * get redirects and cookies that work on the gateway origin.
 */
import { GATEWAY_KEY_HEADER, gatewayOrigin, GOST_CABINETS } from "../../../shared/gost-cabinets.ts";

/** Never forwarded: hop-by-hop, recomputed, or the gateway's own. */
const REQUEST_DROPPED = new Set([
  "host",
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "upgrade",
  "content-length",
  "trailer",
  "accept-encoding",
  GATEWAY_KEY_HEADER.toLowerCase(),
]);
const RESPONSE_DROPPED = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "trailer",
  "upgrade",
  "strict-transport-security",
  "alt-svc",
  "public-key-pins",
]);

/** Rewrites every gateway origin of a known cabinet in `value` to the real https origin. */
function toReal(value: string, port: number): string {
  let out = value;
  for (const cabinet of GOST_CABINETS) out = out.split(gatewayOrigin(cabinet, port)).join(`https://${cabinet.host}`);
  return out;
}

/** Rewrites every real https origin of a known cabinet in `value` to its gateway origin. */
export function toGateway(value: string, port: number): string {
  let out = value;
  for (const cabinet of GOST_CABINETS) {
    out = out.replace(new RegExp(`https://${cabinet.host.replace(/\./g, "\\.")}(?::443)?(?=[/?#"'\\s]|$)`, "gi"), gatewayOrigin(cabinet, port));
  }
  return out;
}

/**
 * Browser request headers as the real cabinet should get them; `sessionCookie` is stripped from
 * Cookie. A request that came through the extension's redirect has an opaque Origin ("null", the
 * redirect left its origin); `cabinetOrigin` is what the cabinet sees instead, as its own page
 * would have sent it.
 */
export function upstreamRequestHeaders(headers: readonly [string, string][], port: number, sessionCookie: string, cabinetOrigin?: string): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (REQUEST_DROPPED.has(lower)) continue;
    if (lower === "cookie") {
      const kept = value
        .split(";")
        .map((p) => p.trim())
        .filter((p) => p !== "" && p.split("=")[0] !== sessionCookie);
      if (kept.length > 0) out.push([name, kept.join("; ")]);
    } else if (lower === "origin" && value === "null" && cabinetOrigin !== undefined) out.push([name, cabinetOrigin]);
    else if (lower === "origin" || lower === "referer") out.push([name, toReal(value, port)]);
    else out.push([name, value]);
  }
  // Bodies are passed through as they come: the gateway cannot re-encode them, so none is asked for.
  out.push(["Accept-Encoding", "identity"]);
  return out;
}

/**
 * A Set-Cookie for the gateway origin: host-only (the gateway name is not under the real
 * domain), without Secure (the gateway origin is http, though a secure context), and
 * SameSite=None, which needs Secure, made Lax.
 */
export function gatewaySetCookie(value: string): string {
  const [pair, ...attributes] = value.split(";");
  const kept = attributes
    .map((a) => a.trim())
    .filter((a) => a !== "" && !/^(domain|secure)(=|$)/i.test(a))
    .map((a) => (/^samesite\s*=\s*none$/i.test(a) ? "SameSite=Lax" : a));
  return [pair!.trim(), ...kept].join("; ");
}

/**
 * CORS headers for a request of the cabinet's page that the redirect made cross-origin: its
 * Origin is then "null", and the page's fetch or XHR with credentials reads the response only
 * when that origin is allowed with credentials. Given only to requests the guard admitted as the
 * cabinet's own.
 */
export function redirectedCorsHeaders(origin: string): [string, string][] {
  return [
    ["Access-Control-Allow-Origin", origin],
    ["Access-Control-Allow-Credentials", "true"],
    ["Vary", "Origin"],
  ];
}

/** The gateway's own answer to the CORS preflight of such a request: whatever method and headers it announces. */
export function preflightHeaders(origin: string, method: string, requestedHeaders: string | undefined): [string, string][] {
  return [
    ...redirectedCorsHeaders(origin),
    ["Access-Control-Allow-Methods", method],
    ...(requestedHeaders ? [["Access-Control-Allow-Headers", requestedHeaders] as [string, string]] : []),
  ];
}

/**
 * Response headers as the browser on the gateway origin should get them. With `cors`, the
 * cabinet's own CORS answer gives way to redirectedCorsHeaders.
 */
export function browserResponseHeaders(headers: readonly [string, string][], port: number, cors?: string): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (RESPONSE_DROPPED.has(lower)) continue;
    if (cors !== undefined && (lower === "access-control-allow-origin" || lower === "access-control-allow-credentials")) continue;
    if (lower === "set-cookie") out.push([name, gatewaySetCookie(value)]);
    else if (["location", "content-location", "refresh", "content-security-policy"].includes(lower)) out.push([name, toGateway(value, port)]);
    else out.push([name, value]);
  }
  if (cors !== undefined) out.push(...redirectedCorsHeaders(cors));
  return out;
}
