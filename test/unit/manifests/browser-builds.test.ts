import { describe, expect, it } from "vitest";
import { FIREFOX_MIN_VERSION, manifestFor } from "../../../extension/manifest.config.ts";
import { firefoxHostManifest } from "../../../manifests/host-manifest.ts";
import { TRUSTED_EXTENSIONS } from "../../../manifests/trusted-extensions.ts";

type Manifest = Record<string, unknown> & {
  background: { service_worker?: string; scripts?: string[]; type?: string };
  browser_specific_settings?: { gecko: { id: string; strict_min_version: string } };
};

const chrome = manifestFor("chrome") as unknown as Manifest;
const firefox = manifestFor("firefox") as unknown as Manifest;

/** Everything but what the browsers' background models and ids require to differ. */
function shared(manifest: Manifest): Record<string, unknown> {
  const { background: _background, key: _key, minimum_chrome_version: _min, browser_specific_settings: _gecko, ...rest } = manifest;
  return rest;
}

describe("the Chrome and Firefox builds of the extension", () => {
  it("run the same background entry, as a service worker in Chrome and an event page in Firefox", () => {
    expect(chrome.background).toEqual({ service_worker: "src/background/index.ts", type: "module" });
    expect(firefox.background).toEqual({ scripts: ["src/background/index.ts"], type: "module" });
  });

  it("share pages, content scripts, permissions and policy", () => {
    expect(shared(firefox)).toEqual(shared(chrome));
    expect(Object.keys(shared(chrome))).toEqual(expect.arrayContaining(["content_scripts", "permissions", "action", "options_ui", "content_security_policy"]));
  });

  it("give Firefox the add-on id its host manifest trusts, and no Chrome key", () => {
    const id = firefox.browser_specific_settings!.gecko.id;
    expect(TRUSTED_EXTENSIONS.filter((t) => t.family === "firefox").map((t) => t.id)).toContain(id);
    expect(firefoxHostManifest("/opt/kep-bridge/kep-host").allowed_extensions).toContain(id);
    expect(firefox).not.toHaveProperty("key");
    expect(chrome).toHaveProperty("key");
  });

  it("require a Firefox with main-world content scripts (128), which carry the page API", () => {
    expect(firefox.browser_specific_settings!.gecko.strict_min_version).toBe(FIREFOX_MIN_VERSION);
    expect(Number.parseInt(FIREFOX_MIN_VERSION, 10)).toBeGreaterThanOrEqual(128);
    const scripts = firefox["content_scripts"] as { world?: string }[];
    expect(scripts.some((script) => script.world === "MAIN")).toBe(true);
  });
});
