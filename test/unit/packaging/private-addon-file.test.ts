import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { privateAddonFile } from "../../../native-host/src/executable/private-addon-file.ts";

const ADDON = Buffer.from("\x7fELF pretend addon bytes");
const SHA = createHash("sha256").update(ADDON).digest("hex");

describe("privateAddonFile: the embedded addon, written privately and checked before dlopen", () => {
  let root: string;
  let dir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "kep-addon-"));
    dir = join(root, "cache", "kep-bridge");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("writes the addon into a 0700 folder as a 0600 file named by its hash", () => {
    const file = privateAddonFile(ADDON, SHA, dir, true);
    expect(file).toBe(join(dir, `pkcs11-${SHA.slice(0, 16)}.node`));
    expect(readFileSync(file)).toEqual(ADDON);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("rewrites a copy that no longer matches the built-in hash", () => {
    const file = privateAddonFile(ADDON, SHA, dir, true);
    writeFileSync(file, "replaced by something else");
    expect(privateAddonFile(ADDON, SHA, dir, true)).toBe(file);
    expect(readFileSync(file)).toEqual(ADDON);
  });

  it("narrows a folder that others could write to", () => {
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
    privateAddonFile(ADDON, SHA, dir, true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it("refuses a folder that is a symlink", () => {
    const elsewhere = join(root, "elsewhere");
    mkdirSync(elsewhere);
    mkdirSync(join(root, "cache"));
    symlinkSync(elsewhere, dir);
    expect(() => privateAddonFile(ADDON, SHA, dir, true)).toThrow(/link or belongs to another user/);
  });

  it("refuses embedded bytes that do not match the hash fixed at build time", () => {
    expect(() => privateAddonFile(Buffer.from("damaged"), SHA, dir, true)).toThrow(/damaged.*reinstall/);
  });
});
