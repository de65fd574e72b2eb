import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chromeStoreZip, firefoxXpi } from "../../../packaging/extension-archives.ts";

describe("extension archives", () => {
  const dir = mkdtempSync(join(tmpdir(), "kep-archives-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const build = join(dir, "extension");
  mkdirSync(join(build, "src"), { recursive: true });
  writeFileSync(join(build, "manifest.json"), JSON.stringify({ manifest_version: 3, name: "kep-bridge", key: "MIIBIjAN..." }));
  writeFileSync(join(build, "src", "popup.js"), "console.log(1)");

  it("the Chrome Web Store zip has the build at its root and no development key", () => {
    const zip = chromeStoreZip(build, join(dir, "store.zip"));
    const listing = execFileSync("unzip", ["-Z1", zip], { encoding: "utf8" }).split("\n").filter(Boolean).sort();
    expect(listing).toEqual(["manifest.json", "src/", "src/popup.js"]);
    const manifest = JSON.parse(execFileSync("unzip", ["-p", zip, "manifest.json"], { encoding: "utf8" }));
    expect(manifest).toEqual({ manifest_version: 3, name: "kep-bridge" });
  });

  it("the .xpi is made only when the Firefox build exists", () => {
    expect(firefoxXpi(join(dir, "no-firefox-build"), join(dir, "a.xpi"))).toBeUndefined();
    const xpi = firefoxXpi(build, join(dir, "kep.xpi"));
    expect(execFileSync("unzip", ["-Z1", xpi!], { encoding: "utf8" })).toContain("manifest.json");
  });
});
