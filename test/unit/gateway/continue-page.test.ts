import { describe, expect, it } from "vitest";
import { continuePage, samePath } from "../../../native-host/src/gateway/continue-page.ts";

describe("gateway continue page", () => {
  it("offers only a path of the gateway's own origin", () => {
    expect(samePath("/lk/index.html?a=1")).toBe("/lk/index.html?a=1");
    for (const target of ["//evil.example/lk/", "http://evil.example/", "evil", ""]) expect(samePath(target), target).toBe("/");
  });

  it("names the real address, Russian first, with the path escaped in the link", () => {
    const page = continuePage("lkipgost2.nalog.ru", `/lk/"><script>x</script>?a=1&b=2`);
    expect(page).toContain('<a data-action="continue" href="/lk/&#34;&#62;&#60;script&#62;x&#60;/script&#62;?a=1&#38;b=2">');
    expect(page).not.toContain("<script>");
    expect(page).toContain("<code>https://lkipgost2.nalog.ru/lk/&#34;");
    expect(page.indexOf("Открыть эту страницу личного кабинета?")).toBeLessThan(page.indexOf("Open this page of the cabinet?"));
  });
});
