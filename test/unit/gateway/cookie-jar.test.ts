import { describe, expect, it } from "vitest";
import { CookieJar } from "../../../native-host/src/gateway/cookie-jar.ts";

describe("gateway cookie jar", () => {
  it("completes a redirected request with the cookies the browser sent on same-origin requests and the cabinet set", () => {
    const jar = new CookieJar();
    expect(jar.complete(undefined)).toBeUndefined();
    jar.learnFromResponse("LK_SESSION=abc; Path=/; HttpOnly; SameSite=Lax");
    jar.learnFromRequest("LK_SESSION=abc; theme=dark");
    expect(jar.complete(undefined)).toBe("LK_SESSION=abc; theme=dark");
    // What the browser did send wins; the jar adds only what it lacks.
    expect(jar.complete("theme=light")).toBe("theme=light; LK_SESSION=abc");
    expect(jar.complete("LK_SESSION=abc; theme=dark")).toBe("LK_SESSION=abc; theme=dark");
  });

  it("forgets a cookie the cabinet expires, by Max-Age or by Expires", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    const jar = new CookieJar();
    jar.learnFromRequest("a=1; b=2; c=3");
    jar.learnFromResponse("a=; Path=/; Max-Age=0", now);
    jar.learnFromResponse("b=; Expires=Thu, 01 Jan 1970 00:00:00 GMT", now);
    jar.learnFromResponse("c=4; Expires=Fri, 01 Jan 2027 00:00:00 GMT; max-age=60", now);
    jar.learnFromResponse("malformed", now);
    expect(jar.complete(undefined)).toBe("c=4");
  });
});
