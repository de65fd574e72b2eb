/**
 * The declarativeNetRequest session rules that send the GOST cabinets' https addresses where they
 * can open. Stock browsers cannot speak GOST TLS, so https://<cabinet>/ fails there
 * (ERR_SSL_VERSION_OR_CIPHER_MISMATCH). While a gateway session runs, every request to its cabinet
 * (pages, the cabinet's absolute links, scripts, XHR) goes to the same path on the gateway origin;
 * a cabinet without a session sends a typed address or a link to the page that explains sign-in.
 * Only hosts from the shared table get rules, so no other site's request is touched.
 */
import type { DeclarativeNetRequest } from "webextension-polyfill";
import { GOST_CABINETS } from "../../../shared/gost-cabinets.ts";

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

/** The session running now, as the host reported it: its cabinet's host and the gateway origin serving it. */
export interface RunningGateway {
  host: string;
  origin: string;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Rule ids are the cabinet's index in the table plus one, so a cabinet has one rule at a time and
 * replacing the set is "remove every id of the table, add these".
 */
export function gatewayRedirectRules(running: RunningGateway | null): Rule[] {
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
export const GATEWAY_RULE_IDS: number[] = GOST_CABINETS.map((_, index) => index + 1);
