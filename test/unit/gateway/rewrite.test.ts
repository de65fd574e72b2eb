import { describe, expect, it } from "vitest";
import { browserResponseHeaders, gatewaySetCookie, preflightHeaders, toGateway, upstreamRequestHeaders } from "../../../native-host/src/gateway/rewrite.ts";

const PORT = 47123;
const GW = `http://lkipgost2.nalog.ru.localhost:${PORT}`;

describe("gateway header rewriting", () => {
  it("sends redirects to a GOST cabinet back through the gateway and leaves other sites alone", () => {
    const headers = browserResponseHeaders(
      [
        ["Location", "https://lkipgost2.nalog.ru/lk/index.html?x=1"],
        ["Content-Location", "https://lkul.nalog.ru:443/"],
        ["Refresh", "0; url=https://lkipgost2.nalog.ru"],
        ["X-Other", "https://lkipgost2.nalog.ru/"],
      ],
      PORT,
    );
    expect(headers).toEqual([
      ["Location", `${GW}/lk/index.html?x=1`],
      ["Content-Location", `http://lkul.nalog.ru.localhost:${PORT}/`],
      ["Refresh", `0; url=${GW}`],
      ["X-Other", "https://lkipgost2.nalog.ru/"],
    ]);
    expect(toGateway("https://lkip2.nalog.ru/ https://lkipgost2.nalog.ru.evil.com/ https://www.nalog.ru/", PORT)).toBe(
      "https://lkip2.nalog.ru/ https://lkipgost2.nalog.ru.evil.com/ https://www.nalog.ru/",
    );
  });

  it("makes the cabinet's cookies host-only, not Secure, and never SameSite=None", () => {
    expect(gatewaySetCookie("LK=abc; Path=/; Domain=.nalog.ru; Secure; HttpOnly; SameSite=None")).toBe("LK=abc; Path=/; HttpOnly; SameSite=Lax");
    expect(gatewaySetCookie("a=b=c; secure; SameSite=Strict")).toBe("a=b=c; SameSite=Strict");
  });

  it("gives a redirected fetch its opaque origin's CORS answer instead of the cabinet's", () => {
    const headers = browserResponseHeaders(
      [
        ["Content-Type", "application/json"],
        ["Access-Control-Allow-Origin", "https://lkipgost2.nalog.ru"],
        ["access-control-allow-credentials", "false"],
      ],
      PORT,
      "null",
    );
    expect(headers).toEqual([
      ["Content-Type", "application/json"],
      ["Access-Control-Allow-Origin", "null"],
      ["Access-Control-Allow-Credentials", "true"],
      ["Vary", "Origin"],
    ]);
    expect(preflightHeaders("null", "PUT", "content-type, x-csrf")).toEqual([
      ["Access-Control-Allow-Origin", "null"],
      ["Access-Control-Allow-Credentials", "true"],
      ["Vary", "Origin"],
      ["Access-Control-Allow-Methods", "PUT"],
      ["Access-Control-Allow-Headers", "content-type, x-csrf"],
    ]);
    expect(preflightHeaders("null", "POST", undefined).map(([n]) => n)).not.toContain("Access-Control-Allow-Headers");
  });

  it("drops hop-by-hop and pinning headers from responses", () => {
    const names = browserResponseHeaders(
      [
        ["Connection", "keep-alive"],
        ["Transfer-Encoding", "chunked"],
        ["Content-Length", "5"],
        ["Strict-Transport-Security", "max-age=1"],
        ["Alt-Svc", "h3"],
        ["Content-Type", "text/html"],
      ],
      PORT,
    ).map(([n]) => n);
    expect(names).toEqual(["Content-Type"]);
  });

  it("shows the cabinet its own origin, strips the gateway's cookie and asks for unencoded bodies", () => {
    const headers = upstreamRequestHeaders(
      [
        ["Host", `lkipgost2.nalog.ru.localhost:${PORT}`],
        ["Origin", GW],
        ["Referer", `${GW}/lk/reissue.html`],
        ["Cookie", "kep_gateway=SECRET; LK_SESSION=1; other=2"],
        ["Accept-Encoding", "gzip, br"],
        ["Content-Length", "10"],
        ["Content-Type", "application/json"],
      ],
      PORT,
      "kep_gateway",
    );
    expect(headers).toEqual([
      ["Origin", "https://lkipgost2.nalog.ru"],
      ["Referer", "https://lkipgost2.nalog.ru/lk/reissue.html"],
      ["Cookie", "LK_SESSION=1; other=2"],
      ["Content-Type", "application/json"],
      ["Accept-Encoding", "identity"],
    ]);
    expect(upstreamRequestHeaders([["Cookie", "kep_gateway=SECRET"]], PORT, "kep_gateway")).toEqual([["Accept-Encoding", "identity"]]);
  });

  it("never forwards the redirect key, and shows a redirected request's opaque Origin as the cabinet's own", () => {
    const redirected: [string, string][] = [
      ["Origin", "null"],
      ["X-Kep-Gateway-Key", "KEY"],
      ["Referer", `${GW}/`],
    ];
    expect(upstreamRequestHeaders(redirected, PORT, "kep_gateway", "https://lkipgost2.nalog.ru")).toEqual([
      ["Origin", "https://lkipgost2.nalog.ru"],
      ["Referer", "https://lkipgost2.nalog.ru/"],
      ["Accept-Encoding", "identity"],
    ]);
    // Without the guard's word that the request is the cabinet's own, an opaque origin stays opaque.
    expect(upstreamRequestHeaders(redirected, PORT, "kep_gateway")[0]).toEqual(["Origin", "null"]);
  });
});
