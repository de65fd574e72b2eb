import { KepError } from "../../../shared/protocol/index.ts";
import { realpathSync, statSync, type Stats } from "node:fs";
import { dirname } from "node:path";

/** What the check needs from the system; tests pass their own to judge made-up trees. */
export interface TrustEnv {
  platform: NodeJS.Platform;
  uid: number;
  realpath: (path: string) => string;
  stat: (path: string) => Pick<Stats, "uid" | "mode">;
}

const GROUP_OR_OTHER_WRITE = 0o022;
const STICKY = 0o1000;

export const systemTrustEnv = (): TrustEnv => ({
  platform: process.platform,
  uid: process.getuid?.() ?? -1,
  realpath: realpathSync,
  stat: (path) => statSync(path),
});

/**
 * Refuses a PKCS#11 library that someone other than this user or root could have put
 * there or could swap: loading a library runs its code with the user's rights and hands
 * it the PIN. The file and every folder above it, after symbolic links are resolved
 * (dlopen follows them), must be owned by root or this user and not writable by group or
 * others. A root-owned sticky folder above the file (/tmp) passes: others may add
 * entries there but cannot rename or remove the one below it, whose owner is checked
 * next. A missing file is MODULE_LOAD_FAILED, never dlopen'ed either.
 *
 * Windows has no owner/mode bits to read this way; the equivalent would be the file's
 * and folders' ACLs granting write only to Administrators, SYSTEM, TrustedInstaller or
 * the user. That is not checked here: on Windows this returns without judging.
 */
export function assertTrustedModulePath(path: string, env: TrustEnv = systemTrustEnv()): void {
  if (env.platform === "win32") return;
  let real: string;
  try {
    real = env.realpath(path);
  } catch (error) {
    throw new KepError("MODULE_LOAD_FAILED", `cannot load ${path}: ${(error as Error).message}`, { path });
  }
  for (let current = real; ; current = dirname(current)) {
    const stats = env.stat(current);
    const owner = stats.uid === 0 || stats.uid === env.uid;
    const stickyRootFolder = current !== real && stats.uid === 0 && (stats.mode & STICKY) !== 0;
    if (!owner || ((stats.mode & GROUP_OR_OTHER_WRITE) !== 0 && !stickyRootFolder)) {
      const why = !owner ? `is owned by uid ${stats.uid}` : `is writable by ${stats.mode & 0o020 ? "group" : "others"}`;
      throw new KepError("MODULE_UNTRUSTED", `refusing ${path}: ${current === real ? "the library" : `folder ${current}`} ${why}`, { path });
    }
    if (dirname(current) === current) return;
  }
}
