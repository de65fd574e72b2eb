import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type { Target } from "./target.ts";

/**
 * Code signing, run right after injection. Without signatures Windows SmartScreen warns on
 * first run and macOS Gatekeeper refuses a downloaded binary, so release builds sign:
 *
 * - macOS: `KEP_CODESIGN_IDENTITY="Developer ID Application: …"`; without it the binary
 *   gets an ad-hoc signature, which Apple silicon needs to run it at all. The hardened
 *   runtime's entitlements (macos/entitlements.plist) let node's JIT work and let the host
 *   load token vendors' PKCS#11 dylibs, which are signed by other teams.
 * - Windows: `KEP_WINDOWS_SIGN_CERT` (a .pfx) and `KEP_WINDOWS_SIGN_PASSWORD`; signtool
 *   comes with the Windows SDK.
 * - Linux packages are trusted through the repository's signature, not the binary's.
 */
export function runSigningHook(file: string, target: Target, log: (line: string) => void): void {
  const env = process.env;
  if (target.os === "darwin") {
    const identity = env.KEP_CODESIGN_IDENTITY ?? "-";
    const entitlements = join(import.meta.dirname, "macos", "entitlements.plist");
    execFileSync("codesign", ["--force", "--sign", identity, "--options", "runtime", "--entitlements", entitlements, file]);
    log(identity === "-" ? "signed ad hoc (set KEP_CODESIGN_IDENTITY for a release)" : `signed as ${identity}`);
    return;
  }
  if (target.os === "win32") {
    const cert = env.KEP_WINDOWS_SIGN_CERT;
    if (cert === undefined) {
      log("unsigned (set KEP_WINDOWS_SIGN_CERT and KEP_WINDOWS_SIGN_PASSWORD for a release)");
      return;
    }
    execFileSync("signtool", [
      "sign",
      "/fd",
      "SHA256",
      "/td",
      "SHA256",
      "/tr",
      "http://timestamp.digicert.com",
      "/f",
      cert,
      "/p",
      env.KEP_WINDOWS_SIGN_PASSWORD ?? "",
      file,
    ]);
    log("signed with signtool");
  }
}
