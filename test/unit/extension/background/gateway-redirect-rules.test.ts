/**
 * The GOST cabinets' redirect rules, applied the way declarativeNetRequest applies them: the
 * regexFilter to the whole URL, the first match replaced by regexSubstitution.
 */
import type { DeclarativeNetRequest } from "webextension-polyfill";
import { describe, expect, it } from "vitest";
import { EXPLANATION_PAGE, GATEWAY_RULE_IDS, gatewayRedirectRules } from "../../../../extension/src/background/gateway-redirect-rules.ts";
import { GOST_CABINETS } from "../../../../shared/gost-cabinets.ts";

const ORIGIN = "http://lkipgost2.nalog.ru.localhost:41234";

/** Where a request goes under the rules: the redirect target, or null where no rule matches. */
function outcome(rules: DeclarativeNetRequest.Rule[], url: string, type: DeclarativeNetRequest.ResourceType): string | null {
  const host = new URL(url).hostname;
  for (const rule of rules) {
    const { regexFilter, requestDomains, resourceTypes } = rule.condition;
    if (rule.action.type !== "redirect" || !regexFilter || !resourceTypes?.includes(type)) continue;
    if (!requestDomains?.some((d) => host === d || host.endsWith(`.${d}`))) continue;
    const match = new RegExp(regexFilter).exec(url);
    if (!match) continue;
    const redirect = rule.action.redirect!;
    if (redirect.extensionPath !== undefined) return `ext:${redirect.extensionPath}`;
    return url.replace(new RegExp(regexFilter), redirect.regexSubstitution!.replace(/\\(\d)/g, "$$$1"));
  }
  return null;
}

describe("gateway redirect rules", () => {
  const KEY = "k".repeat(43);
  const running = gatewayRedirectRules({ host: "lkipgost2.nalog.ru", origin: ORIGIN, redirectKey: KEY });
  const idle = gatewayRedirectRules(null);

  it("send every request to the running cabinet to the same path and query on the gateway origin", () => {
    expect(outcome(running, "https://lkipgost2.nalog.ru/lk/index.html?tab=2", "main_frame")).toBe(`${ORIGIN}/lk/index.html?tab=2`);
    expect(outcome(running, "https://lkipgost2.nalog.ru/", "main_frame")).toBe(`${ORIGIN}/`);
    expect(outcome(running, "https://lkipgost2.nalog.ru/static/app.js", "script")).toBe(`${ORIGIN}/static/app.js`);
    expect(outcome(running, "https://lkipgost2.nalog.ru/api/state", "xmlhttprequest")).toBe(`${ORIGIN}/api/state`);
  });

  it("send only a typed address or link of a cabinet without a session to the explanation page", () => {
    expect(outcome(idle, "https://lkipgost2.nalog.ru/", "main_frame")).toBe(`ext:${EXPLANATION_PAGE}?host=lkipgost2.nalog.ru`);
    expect(outcome(idle, "https://lkipgost2.nalog.ru/static/app.js", "script")).toBeNull();
    expect(outcome(running, "https://lkul.nalog.ru/lk/", "main_frame")).toBe(`ext:${EXPLANATION_PAGE}?host=lkul.nalog.ru`);
    expect(outcome(running, "https://lkul.nalog.ru/app.js", "script")).toBeNull();
  });

  it("leave every other site alone, look-alike names included", () => {
    for (const rules of [running, idle]) {
      for (const url of [
        "https://nalog.ru/",
        "https://lkip2.nalog.ru/lk/index.html",
        "https://evil.lkipgost2.nalog.ru/",
        "https://lkipgost2xnalog.ru/",
        "https://lkipgost2.nalog.ru.example.com/",
        "http://lkipgost2.nalog.ru/",
        "https://example.com/?u=https://lkipgost2.nalog.ru/",
      ]) {
        expect(outcome(rules, url, "main_frame"), url).toBeNull();
      }
    }
  });

  it("add the redirect key only to requests to the running gateway's origin, port included, that a page of its name initiates", () => {
    const keyRules = running.filter((r) => r.action.type === "modifyHeaders");
    expect(keyRules).toHaveLength(1);
    const [rule] = keyRules;
    expect(rule!.action.requestHeaders).toEqual([{ header: "X-Kep-Gateway-Key", operation: "set", value: KEY }]);
    expect(rule!.condition.initiatorDomains).toEqual(["lkipgost2.nalog.ru.localhost"]);
    expect(rule!.condition.requestDomains).toEqual(["lkipgost2.nalog.ru.localhost"]);
    expect(rule!.condition.resourceTypes).toEqual(running[0]!.condition.resourceTypes);
    const filter = new RegExp(rule!.condition.regexFilter!);
    expect(filter.test(`${ORIGIN}/api/state`)).toBe(true);
    for (const url of [
      "http://lkipgost2.nalog.ru.localhost:4123/",
      "http://lkipgost2.nalog.ru.localhost:412345/",
      "https://lkipgost2.nalog.ru/",
      "http://lkul.nalog.ru.localhost:41234/",
    ]) {
      expect(filter.test(url), url).toBe(false);
    }
    expect(idle.filter((r) => r.action.type === "modifyHeaders")).toEqual([]);
  });

  it("keep fixed ids per cabinet, so a replacement removes the previous set", () => {
    expect(GATEWAY_RULE_IDS.slice(0, GOST_CABINETS.length)).toEqual(idle.map((r) => r.id));
    expect(running.every((r) => GATEWAY_RULE_IDS.includes(r.id))).toBe(true);
    expect(new Set(running.map((r) => r.id)).size).toBe(running.length);
    expect(new Set(GATEWAY_RULE_IDS).size).toBe(2 * GOST_CABINETS.length);
  });
});
