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
    if (!regexFilter || !resourceTypes?.includes(type)) continue;
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
  const running = gatewayRedirectRules({ host: "lkipgost2.nalog.ru", origin: ORIGIN });
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
    expect(outcome(running, "https://lkulgost.nalog.ru/lk/", "main_frame")).toBe(`ext:${EXPLANATION_PAGE}?host=lkulgost.nalog.ru`);
    expect(outcome(running, "https://lkulgost.nalog.ru/app.js", "script")).toBeNull();
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

  it("keep one rule per cabinet under fixed ids, so a replacement removes the previous set", () => {
    expect(running.map((r) => r.id)).toEqual(GATEWAY_RULE_IDS);
    expect(idle.map((r) => r.id)).toEqual(GATEWAY_RULE_IDS);
    expect(new Set(GATEWAY_RULE_IDS).size).toBe(GOST_CABINETS.length);
  });
});
