/**
 * The declarativeNetRequest session rules that send the GOST cabinets' https addresses where they
 * can open. Stock browsers cannot speak GOST TLS, so https://<cabinet>/ fails there
 * (ERR_SSL_VERSION_OR_CIPHER_MISMATCH). While a gateway session runs, every request to its cabinet
 * (pages, the cabinet's absolute links, scripts, XHR) goes to the same path on the gateway origin;
 * a cabinet without a session sends a typed address or a link to the page that explains sign-in.
 * Only hosts from the shared table get rules, so no other site's request is touched.
 *
 * The redirect makes those requests cross-site in the browser's eyes (the chain starts at the https
 * address), so while a session runs a second rule adds the gateway's redirect key to every request
 * to the gateway's origin that a page of the gateway's name initiates; the gateway admits a
 * cross-site request only with it (native-host/src/gateway/session-guard.ts). Another site's
 * requests are initiated elsewhere and never get it.
 */
import type { DeclarativeNetRequest } from "webextension-polyfill";
import { GATEWAY_KEY_HEADER, GATEWAY_SUFFIX, GOST_CABINETS, type GostCabinet } from "../../../shared/gost-cabinets.ts";

type Rule = DeclarativeNetRequest.Rule;

/** The page a cabinet's address leads to while no session runs; it must be web-accessible to follow a redirect. */
export const EXPLANATION_PAGE = "/src/cabinet/index.html";

/**
 * Everything a page loads over http(s). WebSocket is left out: a ws:// redirect target is not
 * allowed for an https request's rule, and the gateway forwards plain HTTP only.
 */
const ALL_HTTP_TYPES: DeclarativeNetRequest.ResourceType[] = [
  "main_frame",
  "sub_frame",
  "stylesheet",
  "script",
  "image",
  "font",
  "object",
  "xmlhttprequest",
  "ping",
  "media",
  "other",
];

/** The session running now, as the host reported it: its cabinet's host, the gateway origin serving it, and its redirect key. */
export interface RunningGateway {
  host: string;
  origin: string;
  redirectKey: string;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The running session's key rule; its id follows the redirect rules' ids. */
function redirectKeyRule(cabinet: GostCabinet, index: number, running: RunningGateway): Rule {
  const gatewayHost = `${cabinet.host}${GATEWAY_SUFFIX}`;
  return {
    id: GOST_CABINETS.length + index + 1,
    priority: 1,
    action: { type: "modifyHeaders", requestHeaders: [{ header: GATEWAY_KEY_HEADER, operation: "set", value: running.redirectKey }] },
    // The origin with its port: the same name on another port is another local program, which must not learn the key.
    condition: {
      regexFilter: `^${escapeRegex(running.origin)}/`,
      requestDomains: [gatewayHost],
      initiatorDomains: [gatewayHost],
      resourceTypes: ALL_HTTP_TYPES,
    },
  };
}

/**
 * Rule ids are the cabinet's index in the table plus one for its redirect, plus the table's length
 * more for its key rule, so a cabinet has fixed ids and replacing the set is "remove every id of
 * the table, add these".
 */
export function gatewayRedirectRules(running: RunningGateway | null): Rule[] {
  const keyRules = GOST_CABINETS.flatMap((cabinet, index) => (running && running.host === cabinet.host ? [redirectKeyRule(cabinet, index, running)] : []));
  return [...redirectRules(running), ...keyRules];
}

function redirectRules(running: RunningGateway | null): Rule[] {
  return GOST_CABINETS.map((cabinet, index): Rule => {
    const condition = { regexFilter: `^https://${escapeRegex(cabinet.host)}(?::443)?(/.*)$`, requestDomains: [cabinet.host] };
    if (running && running.host === cabinet.host) {
      return {
        id: index + 1,
        priority: 1,
        action: { type: "redirect", redirect: { regexSubstitution: `${running.origin}\\1` } },
        condition: { ...condition, resourceTypes: ALL_HTTP_TYPES },
      };
    }
    return {
      id: index + 1,
      priority: 1,
      action: {
        type: "redirect",
        redirect: { extensionPath: `${EXPLANATION_PAGE}?host=${encodeURIComponent(cabinet.host)}` },
      },
      condition: { ...condition, resourceTypes: ["main_frame"] },
    };
  });
}

/** The ids gatewayRedirectRules ever uses, for removing the previous set. */
export const GATEWAY_RULE_IDS: number[] = Array.from({ length: 2 * GOST_CABINETS.length }, (_, i) => i + 1);
