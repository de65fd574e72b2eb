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
    expect(guard.admit({ host: HOST, target: "/lk/", secFetchSite: "same-origin", cookie: `a=b; ${pair}` })).toMatchObject({ ok: true, start: false });
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
    expect(guard.admit({ host: `LKULGOST.nalog.ru.localhost:${PORT}`, target: "/", secFetchSite: "same-origin", cookie: pair })).toMatchObject({ ok: true });
  });
});
