import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { discoverModules } from "../../../native-host/src/pkcs11/discovery.ts";
import { KNOWN_MODULES, knownModuleName } from "../../../native-host/src/pkcs11/known-modules.ts";

const emptyConfig = () => ({ KEP_CONFIG_DIR: mkdtempSync(join(tmpdir(), "kep-cfg-")) });

describe("module table", () => {
  it("covers the vendors our users have", () => {
    const names = KNOWN_MODULES.map((m) => m.name).join(" | ");
    for (const vendor of ["Rutoken", "JaCarta", "ESMART", "SafeNet", "OpenSC", "SoftHSM"]) expect(names).toContain(vendor);
  });

  it("gives every library a path on Linux and Windows", () => {
    for (const m of KNOWN_MODULES) {
      expect(m.paths.linux?.length, m.name).toBeGreaterThan(0);
      expect(m.paths.win32?.length, m.name).toBeGreaterThan(0);
    }
  });

  it("names a library found under another directory by its file name", () => {
    expect(knownModuleName("/opt/custom/librtpkcs11ecp.so")).toMatch(/Rutoken/);
    expect(knownModuleName("/opt/custom/unknown.so")).toBeUndefined();
  });
});

describe("discovery", () => {
  it("lets KEP_PKCS11_MODULES replace the search, keeping missing paths", () => {
    const env = { ...emptyConfig(), KEP_PKCS11_MODULES: "/a.so::/b.so:/a.so" };
    expect(discoverModules(env, "linux", () => true)).toEqual(["/a.so", "/b.so"]);
  });

  it("splits the override on ';' on Windows, where ':' is in drive letters", () => {
    const env = { ...emptyConfig(), KEP_PKCS11_MODULES: "C:\\x\\a.dll;D:\\b.dll" };
    expect(discoverModules(env, "win32", () => false)).toEqual(["C:\\x\\a.dll", "D:\\b.dll"]);
  });

  it("loads the first existing path of each known library, then the user's own", () => {
    const env = emptyConfig();
    writeFileSync(join(env.KEP_CONFIG_DIR, "config.json"), JSON.stringify({ modules: ["/home/u/my.so", 42] }));
    const present = new Set(["/usr/lib/x86_64-linux-gnu/librtpkcs11ecp.so", "/usr/lib/softhsm/libsofthsm2.so"]);
    const found = discoverModules(env, "linux", (p) => present.has(p));
    expect(found).toEqual([...present, "/home/u/my.so"].filter((p) => found.includes(p)));
    expect(found).toContain("/home/u/my.so");
    expect(found.filter((p) => p.includes("rtpkcs11ecp"))).toHaveLength(1);
  });

  it("resolves Windows libraries in the system directory", () => {
    const env = { ...emptyConfig(), SystemRoot: "C:\\Windows" };
    const found = discoverModules(env, "win32", (p) => p.toLowerCase().endsWith("rtpkcs11ecp.dll"));
    expect(found).toEqual(["C:\\Windows\\System32\\rtPKCS11ECP.dll"]);
  });
});
