import { describe, expect, it } from "vitest";
import { SESSION_COOKIE, SessionGuard, START_PATH } from "../../../native-host/src/gateway/session-guard.ts";

const PORT = 47123;
const HOST = `lkipgost2.nalog.ru.localhost:${PORT}`;

function started(guard: SessionGuard, next = "/") {
  const admission = guard.admit({
    host: HOST,
    target: `${START_PATH}?ticket=${guard.issueTicket()}&next=${encodeURIComponent(next)}`,
    secFetchSite: "none",
    cookie: undefined,
  });
  if (!admission.ok || !admission.start) throw new Error("not started");
  return admission;
}

describe("gateway session guard", () => {
  it("trades a ticket once for an HttpOnly SameSite=Strict cookie that admits later requests", () => {
    const guard = new SessionGuard(PORT);
    const { cookie, cabinet } = started(guard);
    expect(cabinet.host).toBe("lkipgost2.nalog.ru");
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[\\w-]{40,}; Path=/; HttpOnly; SameSite=Strict$`));
    const pair = cookie.split(";")[0]!;
    expect(guard.admit({ host: HOST, target: "/lk/", secFetchSite: "same-origin", cookie: `a=b; ${pair}` })).toMatchObject({
      ok: true,
      start: false,
      via: "page",
    });
    expect(guard.admit({ host: HOST, target: "/lk/", secFetchSite: undefined, cookie: pair })).toMatchObject({ ok: true });
    expect(guard.admit({ host: HOST, target: "/lk/", secFetchSite: "same-origin", cookie: `${pair}x` })).toEqual({ ok: false, refusal: "no-session" });
    expect(guard.admit({ host: HOST, target: "/lk/", secFetchSite: "same-origin", cookie: undefined })).toEqual({ ok: false, refusal: "no-session" });
  });

  it("refuses a used, unknown or expired ticket", () => {
    let now = 1_000_000;
    const guard = new SessionGuard(PORT, () => now);
    const ticket = guard.issueTicket();
    const target = `${START_PATH}?ticket=${ticket}`;
    expect(guard.admit({ host: HOST, target, secFetchSite: "none", cookie: undefined })).toMatchObject({ ok: true, start: true });
    expect(guard.admit({ host: HOST, target, secFetchSite: "none", cookie: undefined })).toEqual({ ok: false, refusal: "bad-ticket" });
    expect(guard.admit({ host: HOST, target: `${START_PATH}?ticket=made-up`, secFetchSite: "none", cookie: undefined })).toEqual({
      ok: false,
      refusal: "bad-ticket",
    });
    const late = guard.issueTicket();
    now += 61_000;
    expect(guard.admit({ host: HOST, target: `${START_PATH}?ticket=${late}`, secFetchSite: "none", cookie: undefined })).toEqual({
      ok: false,
      refusal: "bad-ticket",
    });
  });

  it("sends the browser on only to a path of the same origin", () => {
    const guard = new SessionGuard(PORT);
    expect(started(guard, "/lk/index.html?a=1").next).toBe("/lk/index.html?a=1");
    expect(started(guard, "//evil.example/").next).toBe("/");
    expect(started(guard, "https://evil.example/").next).toBe("/");
  });

  it("refuses other sites' pages and every host but a cabinet's gateway name on this port", () => {
    const guard = new SessionGuard(PORT);
    const pair = started(guard).cookie.split(";")[0]!;
    for (const site of ["cross-site", "same-site"]) {
      expect(guard.admit({ host: HOST, target: "/", secFetchSite: site, cookie: pair })).toEqual({ ok: false, refusal: "cross-site" });
    }
    for (const host of [
      undefined,
      "lkipgost2.nalog.ru.localhost",
      "lkipgost2.nalog.ru.localhost:1",
      `127.0.0.1:${PORT}`,
      `example.com.localhost:${PORT}`,
      `lkip2.nalog.ru.localhost:${PORT}`,
      `lkipgost2.nalog.ru:${PORT}`,
    ]) {
      expect(guard.admit({ host, target: "/", secFetchSite: "same-origin", cookie: pair }), String(host)).toEqual({ ok: false, refusal: "host" });
    }
    expect(guard.admit({ host: `LKUL.nalog.ru.localhost:${PORT}`, target: "/", secFetchSite: "same-origin", cookie: pair })).toMatchObject({ ok: true });
  });

  it("admits a cross-site request only with the redirect key and a Referer of its own gateway origin", () => {
    const guard = new SessionGuard(PORT);
    const own = `http://${HOST}/lk/index.html`;
    const redirected = { host: HOST, target: "/api/state", secFetchSite: "cross-site", cookie: undefined, referer: `http://${HOST}/`, key: guard.redirectKey };
    expect(guard.redirectKey).toMatch(/^[\w-]{43}$/);
    expect(guard.admit(redirected)).toMatchObject({ ok: true, start: false, via: "redirect" });
    expect(guard.admit({ ...redirected, referer: own, secFetchSite: "same-site" })).toMatchObject({ ok: true, via: "redirect" });
    const refused = { ok: false, refusal: "cross-site" };
    expect(guard.admit({ ...redirected, key: undefined })).toEqual(refused);
    expect(guard.admit({ ...redirected, key: `${guard.redirectKey.slice(1)}A` })).toEqual(refused);
    expect(guard.admit({ ...redirected, key: new SessionGuard(PORT).redirectKey })).toEqual(refused);
    // The header rule matches the initiator's name, not its port or subdomains: the Referer tells them apart.
    for (const referer of [
      undefined,
      "",
      "not a url",
      `http://lkipgost2.nalog.ru.localhost:${PORT + 1}/`,
      `http://x.${HOST}/`,
      "https://lkipgost2.nalog.ru/",
      `http://lkul.nalog.ru.localhost:${PORT}/`,
    ]) {
      expect(guard.admit({ ...redirected, referer }), String(referer)).toEqual(refused);
    }
    // The start URL is only ever opened by the extension, never through a redirect.
    expect(guard.admit({ ...redirected, target: `${START_PATH}?ticket=${guard.issueTicket()}` })).toEqual(refused);
  });

  it("lets the gateway answer the CORS preflight of a redirected request from its own pages, and no other", () => {
    const guard = new SessionGuard(PORT);
    const preflight = { host: HOST, target: "/api/state", secFetchSite: "cross-site", cookie: undefined, referer: `http://${HOST}/`, corsPreflight: true };
    expect(guard.admit(preflight)).toMatchObject({ ok: true, via: "preflight" });
    expect(guard.admit({ ...preflight, referer: "http://127.0.0.1:8080/" })).toEqual({ ok: false, refusal: "cross-site" });
    expect(guard.admit({ ...preflight, corsPreflight: false })).toEqual({ ok: false, refusal: "cross-site" });
  });

  it("answers such a preflight that Firefox sends as same-origin, without a cookie, but not one from elsewhere or for the start path", () => {
    const guard = new SessionGuard(PORT);
    const preflight = { host: HOST, target: "/api/state", secFetchSite: "same-origin", cookie: undefined, referer: `http://${HOST}/`, corsPreflight: true };
    expect(guard.admit(preflight)).toMatchObject({ ok: true, via: "preflight" });
    expect(guard.admit({ ...preflight, referer: undefined })).toEqual({ ok: false, refusal: "no-session" });
    expect(guard.admit({ ...preflight, target: `${START_PATH}?ticket=unknown` })).toEqual({ ok: false, refusal: "bad-ticket" });
    expect(guard.admit({ ...preflight, corsPreflight: false })).toEqual({ ok: false, refusal: "no-session" });
  });
});
