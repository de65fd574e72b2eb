import { posix, win32 } from "node:path";

/**
 * The private per-user folder the executable unpacks its PKCS#11 addon into. Not %TEMP%
 * or /tmp: other users can plant files there, and Windows antivirus scans treat code
 * dropped into TEMP as suspect.
 */
export function addonCacheDir(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>, home: string): string {
  if (platform === "win32") return win32.join(env.LOCALAPPDATA ?? win32.join(home, "AppData", "Local"), "kep-bridge");
  if (platform === "darwin") return posix.join(home, "Library", "Caches", "kep-bridge");
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec tells programs to ignore a relative XDG_CACHE_HOME.
  return posix.join(xdg !== undefined && posix.isAbsolute(xdg) ? xdg : posix.join(home, ".cache"), "kep-bridge");
}
