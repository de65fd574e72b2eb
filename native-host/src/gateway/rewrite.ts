/**
 * Header rewriting between the gateway origin (http://HOST.localhost:PORT) and the real cabinet
 * (https://HOST): the cabinet must see requests as if from its own pages, and the browser must
 * get redirects and cookies that work on the gateway origin.
 */
import { gatewayOrigin, GOST_CABINETS } from "../../../shared/gost-cabinets.ts";

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

/** Browser request headers as the real cabinet should get them; `sessionCookie` is stripped from Cookie. */
export function upstreamRequestHeaders(headers: readonly [string, string][], port: number, sessionCookie: string): [string, string][] {
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
    } else if (lower === "origin" || lower === "referer") out.push([name, toReal(value, port)]);
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

/** Response headers as the browser on the gateway origin should get them. */
export function browserResponseHeaders(headers: readonly [string, string][], port: number): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (RESPONSE_DROPPED.has(lower)) continue;
    if (lower === "set-cookie") out.push([name, gatewaySetCookie(value)]);
    else if (["location", "content-location", "refresh", "content-security-policy"].includes(lower)) out.push([name, toGateway(value, port)]);
    else out.push([name, value]);
  }
  return out;
}
