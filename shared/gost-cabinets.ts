/**
 * The FNS cabinets reachable only over GOST TLS with a client certificate: the hosts kep-bridge's
 * gateway forwards to, and nothing else. The extension's allowed origins are built from this
 * table too, so the tax service moving a cabinet is one edit here.
 */
export interface GostCabinet {
  /** The real host name, as the user sees it and as the server's certificate names it. */
  host: string;
  /** The cabinet's name for the user, Russian first. */
  name: { ru: string; en: string };
  /**
   * Paths that sign the user out: the gateway passes the request on, then ends the session.
   * The real cabinets' exit paths are not confirmed yet (no access from here); the one listed is
   * the local test cabinet's. Until they are, the popup's stop button ends the session too.
   */
  signOutPaths: readonly string[];
}

export const GOST_CABINETS: readonly GostCabinet[] = [
  // LK IP's certificate sign-in, where the reissue wizard starts: GOST TLS with a client
  // certificate, no anonymous fallback (public reports: github.com/deemru/Chromium-Gost issues 22, 53).
  { host: "lkipgost2.nalog.ru", name: { ru: "Личный кабинет ИП", en: "Entrepreneur's cabinet" }, signOutPaths: ["/auth/sign-out"] },
  // LK UL, the legal entities' cabinet, itself GOST TLS only: stock Chrome gets
  // ERR_SSL_VERSION_OR_CIPHER_MISMATCH (github.com/deemru/Chromium-Gost issue 8).
  { host: "lkul.nalog.ru", name: { ru: "Личный кабинет ЮЛ", en: "Legal entity's cabinet" }, signOutPaths: ["/auth/sign-out"] },
];

/** The gateway serves a cabinet on this name under .localhost, which browsers resolve to loopback themselves. */
export const GATEWAY_SUFFIX = ".localhost";

/**
 * The request header carrying the gateway's redirect key: the extension adds it to the requests the
 * gateway's pages initiate, so the gateway can tell the cabinet's own redirected absolute URLs from
 * another site's requests; the gateway strips it before forwarding.
 */
export const GATEWAY_KEY_HEADER = "X-Kep-Gateway-Key";

export function gostCabinetByHost(host: string): GostCabinet | undefined {
  return GOST_CABINETS.find((c) => c.host === host.toLowerCase());
}

/** The cabinet a gateway host name (`lkipgost2.nalog.ru.localhost`) stands for. */
export function gostCabinetOfGatewayHost(hostName: string): GostCabinet | undefined {
  const lower = hostName.toLowerCase();
  return lower.endsWith(GATEWAY_SUFFIX) ? gostCabinetByHost(lower.slice(0, -GATEWAY_SUFFIX.length)) : undefined;
}

export function gatewayOrigin(cabinet: GostCabinet, port: number): string {
  return `http://${cabinet.host}${GATEWAY_SUFFIX}:${port}`;
}
