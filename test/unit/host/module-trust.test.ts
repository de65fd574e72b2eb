import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { handlers } from "../../../native-host/src/commands/operation-handlers.ts";
import type { HostContext } from "../../../native-host/src/commands/context.ts";
import { Logger } from "../../../native-host/src/log.ts";
import { assertTrustedModulePath, type TrustEnv } from "../../../native-host/src/pkcs11/module-trust.ts";
import { ModuleRegistry } from "../../../native-host/src/pkcs11/registry.ts";

const SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so";
const scratch = mkdtempSync(join(tmpdir(), "kep-trust-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
/** A folder any local user may write to: what a planted library would sit in. */
const open = join(scratch, "open");
mkdirSync(open);
chmodSync(open, 0o777);

/** A made-up tree: path → owner and mode, for owners and modes a test cannot create as root. */
function tree(entries: Record<string, [uid: number, mode: number]>, platform: NodeJS.Platform = "linux"): TrustEnv {
  return {
    platform,
    uid: 1000,
    realpath: (p) => p,
    stat: (p) => {
      const entry = entries[p];
      if (!entry) throw new Error(`no ${p} in the test tree`);
      return { uid: entry[0], mode: entry[1] };
    },
  };
}

const codeOf = (run: () => void) => {
  try {
    run();
    return "accepted";
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe("which PKCS#11 libraries the host loads", () => {
  it("accepts a library installed by the system", () => {
    expect(codeOf(() => assertTrustedModulePath(SOFTHSM))).toBe("accepted");
  });

  it("refuses a library in a folder anyone may write, and a system-looking link that leads there", () => {
    const copy = join(open, "libvendor.so");
    copyFileSync(SOFTHSM, copy);
    expect(codeOf(() => assertTrustedModulePath(copy))).toBe("MODULE_UNTRUSTED");
    const link = join(scratch, "link.so");
    symlinkSync(copy, link);
    expect(codeOf(() => assertTrustedModulePath(link))).toBe("MODULE_UNTRUSTED");
  });

  it("passes a root-owned sticky folder such as /tmp above a private one, but not a library placed in it by another user", () => {
    const tmp: Record<string, [number, number]> = { "/": [0, 0o40755], "/tmp": [0, 0o41777] };
    expect(codeOf(() => assertTrustedModulePath("/tmp/own/lib.so", tree({ ...tmp, "/tmp/own": [1000, 0o40700], "/tmp/own/lib.so": [1000, 0o100644] })))).toBe(
      "accepted",
    );
    expect(codeOf(() => assertTrustedModulePath("/tmp/lib.so", tree({ ...tmp, "/tmp/lib.so": [1001, 0o100644] })))).toBe("MODULE_UNTRUSTED");
    expect(codeOf(() => assertTrustedModulePath("/tmp/lib.so", tree({ ...tmp, "/tmp/lib.so": [1000, 0o100666] })))).toBe("MODULE_UNTRUSTED");
    expect(codeOf(() => assertTrustedModulePath("/srv/lib.so", tree({ "/": [0, 0o40755], "/srv": [1001, 0o41777], "/srv/lib.so": [1000, 0o100644] })))).toBe(
      "MODULE_UNTRUSTED",
    );
  });

  it("refuses a library owned by another user or writable by the group, or under such a folder", () => {
    const root: Record<string, [number, number]> = { "/": [0, 0o40755], "/opt": [0, 0o40755] };
    expect(codeOf(() => assertTrustedModulePath("/opt/lib.so", tree({ ...root, "/opt/lib.so": [1000, 0o100644] })))).toBe("accepted");
    expect(codeOf(() => assertTrustedModulePath("/opt/lib.so", tree({ ...root, "/opt/lib.so": [1001, 0o100644] })))).toBe("MODULE_UNTRUSTED");
    expect(codeOf(() => assertTrustedModulePath("/opt/lib.so", tree({ ...root, "/opt/lib.so": [0, 0o100664] })))).toBe("MODULE_UNTRUSTED");
    expect(codeOf(() => assertTrustedModulePath("/opt/lib.so", tree({ "/": [0, 0o40755], "/opt": [0, 0o40775], "/opt/lib.so": [0, 0o100644] })))).toBe(
      "MODULE_UNTRUSTED",
    );
    expect(codeOf(() => assertTrustedModulePath("/opt/lib.so", tree({ "/": [0, 0o40755], "/opt": [1001, 0o40755], "/opt/lib.so": [0, 0o100644] })))).toBe(
      "MODULE_UNTRUSTED",
    );
  });

  it("reports a missing library as not loadable, without loading anything", () => {
    expect(codeOf(() => assertTrustedModulePath(join(scratch, "missing.so")))).toBe("MODULE_LOAD_FAILED");
  });

  it("never loads an untrusted library and shows it as a module problem", () => {
    const copy = join(open, "libplanted.so");
    copyFileSync(SOFTHSM, copy);
    const registry = new ModuleRegistry(new Logger(join(scratch, "host.log")), () => [copy, SOFTHSM]);
    const statuses = registry.statuses();
    expect(statuses.find((s) => s.path === copy)).toMatchObject({ loaded: false, error: { code: "MODULE_UNTRUSTED" } });
    expect(statuses.find((s) => s.path === SOFTHSM)).toMatchObject({ loaded: true });
    expect(codeOf(() => registry.get(copy))).toBe("MODULE_UNTRUSTED");
    return registry.finalizeAll();
  });

  it("refuses to save an untrusted path in config.json", async () => {
    const copy = join(open, "libsaved.so");
    copyFileSync(SOFTHSM, copy);
    const saved = process.env.KEP_CONFIG_DIR;
    process.env.KEP_CONFIG_DIR = join(scratch, "config");
    try {
      await expect(handlers.setModulePaths({ id: 1, cmd: "setModulePaths", modules: [copy] }, {} as HostContext)).rejects.toMatchObject({
        code: "MODULE_UNTRUSTED",
      });
      expect(existsSync(join(scratch, "config", "config.json"))).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.KEP_CONFIG_DIR;
      else process.env.KEP_CONFIG_DIR = saved;
    }
  });
});
