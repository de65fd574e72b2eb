import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { win32 } from "node:path";
import type { DoctorReport } from "../../../shared/protocol/index.ts";
import type { RegistryReader } from "./registry-reader.ts";

export interface CryptoProProbe {
  platform: NodeJS.Platform;
  exists: (path: string) => boolean;
  /** The installed package's version from the system's package manager, or null. */
  packageVersion: () => string | null;
  registry: RegistryReader;
  programFiles: string[];
}

/** CryptoPro CSP's base package on Debian/Astra (deb) and ALT/RED OS (rpm). */
const LINUX_PACKAGE = "lsb-cprocsp-base";
/** The key CryptoPro's installer creates; read as a second sign when Program Files was moved. */
const WINDOWS_KEY = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Crypto Pro\\CSP";

function firstLine(command: string, args: string[]): string | null {
  try {
    return (
      execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 })
        .split("\n")[0]!
        .trim() || null
    );
  } catch {
    return null;
  }
}

export function systemCryptoProProbe(registry: RegistryReader, env = process.env): CryptoProProbe {
  return {
    platform: process.platform,
    exists: existsSync,
    packageVersion: () =>
      firstLine("dpkg-query", ["-W", "-f", "${Version}", LINUX_PACKAGE]) ?? firstLine("rpm", ["-q", "--qf", "%{VERSION}-%{RELEASE}", LINUX_PACKAGE]),
    registry,
    programFiles: [env.ProgramFiles, env["ProgramFiles(x86)"]].filter((p): p is string => Boolean(p)),
  };
}

/**
 * Whether CryptoPro CSP is installed: it keeps keys in its own containers, which a
 * token's PKCS#11 library may not show, and holds readers open while it runs.
 */
export function detectCryptoPro(probe: CryptoProProbe): DoctorReport["cryptoPro"] {
  if (probe.platform === "win32") {
    const dir = probe.programFiles.map((p) => win32.join(p, "Crypto Pro", "CSP")).find(probe.exists) ?? null;
    const keyed = probe.registry.defaultValue(WINDOWS_KEY) !== null;
    return { installed: dir !== null || keyed, version: null, location: dir ?? (keyed ? WINDOWS_KEY : null) };
  }
  const location = "/opt/cprocsp";
  if (!probe.exists(location)) return { installed: false, version: null, location: null };
  return { installed: true, version: probe.platform === "linux" ? probe.packageVersion() : null, location };
}
