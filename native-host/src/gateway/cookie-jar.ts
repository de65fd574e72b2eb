/**
 * The cabinet's cookies as the browser holds them on the gateway origin, for the cabinet's own
 * requests that arrive through the extension's redirect without them: a fetch or module script
 * with the default credentials ("same-origin") to the cabinet's absolute https address is
 * cross-origin to the page, so the browser sends no cookie, where the real cabinet's page would
 * have sent all of them. The jar learns from what the browser sends on same-origin requests
 * (cookies set by the page's scripts included) and from the cabinet's Set-Cookie headers.
 * Cookie paths are not tracked: the cabinets keep their session cookies at "/".
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** A same-origin request's Cookie pairs (the gateway's own cookie already removed). */
  learnFromRequest(cookieHeader: string | undefined): void {
    for (const pair of (cookieHeader ?? "").split(";")) {
      const at = pair.indexOf("=");
      if (at > 0) this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }

  /** A Set-Cookie header from the cabinet; an expired one deletes. */
  learnFromResponse(setCookie: string, now: number = Date.now()): void {
    const [pair, ...attributes] = setCookie.split(";");
    const at = pair!.indexOf("=");
    if (at <= 0) return;
    const name = pair!.slice(0, at).trim();
    const expired = attributes.some((a) => {
      const [key, value = ""] = a.split("=").map((p) => p.trim());
      if (/^max-age$/i.test(key!)) return Number(value) <= 0;
      if (/^expires$/i.test(key!)) return Date.parse(value) <= now;
      return false;
    });
    if (expired) this.cookies.delete(name);
    else this.cookies.set(name, pair!.slice(at + 1).trim());
  }

  /** `sent` (a redirected request's Cookie header, maybe none) with the jar's cookies for every name it lacks. */
  complete(sent: string | undefined): string | undefined {
    const present = new Set((sent ?? "").split(";").map((pair) => pair.split("=")[0]!.trim()));
    const added = [...this.cookies].filter(([name]) => !present.has(name)).map(([name, value]) => `${name}=${value}`);
    const all = [...(sent ? [sent] : []), ...added];
    return all.length > 0 ? all.join("; ") : undefined;
  }
}
