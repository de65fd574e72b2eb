import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The Chrome Web Store upload: the built extension without the development `key`. The key
 * only pins the unpacked build's id; the store refuses uploads that carry one and gives the
 * item its own id, which then goes into manifests/trusted-extensions.ts.
 */
export function chromeStoreZip(extensionDir: string, out: string): string {
  const stage = mkdtempSync(join(tmpdir(), "kep-cws-"));
  try {
    cpSync(extensionDir, stage, { recursive: true });
    const manifestFile = join(stage, "manifest.json");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Record<string, unknown>;
    delete manifest.key;
    writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    return zipDir(stage, out);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** The Firefox build as an .xpi (a zip with manifest.json at its root), for addons.mozilla.org signing. */
export function firefoxXpi(firefoxDir: string, out: string): string | undefined {
  if (!existsSync(join(firefoxDir, "manifest.json"))) return undefined;
  return zipDir(firefoxDir, out);
}

function zipDir(dir: string, out: string): string {
  rmSync(out, { force: true });
  // -X: no extra file attributes (uid/gid, timestamps beyond the DOS one) in the archive.
  execFileSync("zip", ["-q", "-r", "-X", out, "."], { cwd: dir, stdio: "pipe" });
  return out;
}
