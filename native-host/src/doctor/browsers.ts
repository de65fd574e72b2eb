import { existsSync, readFileSync } from "node:fs";
import { posix } from "node:path";
import { HOST_NAME } from "../../../manifests/host-manifest.ts";
import { manifestTargets, type OsId, type Scope } from "../../../manifests/locations.ts";
import type { DoctorBrowser } from "../../../shared/protocol/index.ts";
import type { RegistryReader } from "./registry-reader.ts";

export interface BrowserProbe {
  os: OsId;
  home: string;
  exists: (path: string) => boolean;
  readText: (path: string) => string;
  registry: RegistryReader;
  /** Windows: %LOCALAPPDATA% and %ProgramData%, where the installer keeps the JSON files. */
  windowsDataDirs?: Partial<Record<Scope, string>>;
}

export function systemBrowserProbe(os: OsId, home: string, registry: RegistryReader, env = process.env): BrowserProbe {
  return {
    os,
    home,
    exists: existsSync,
    readText: (path) => readFileSync(path, "utf8"),
    registry,
    windowsDataDirs: { ...(env.LOCALAPPDATA ? { user: env.LOCALAPPDATA } : {}), ...(env.ProgramData ? { system: env.ProgramData } : {}) },
  };
}

/** Why a manifest that is in place still would not start the host; undefined when it would. */
function manifestProblem(file: string, probe: BrowserProbe): string | undefined {
  let manifest: { name?: unknown; path?: unknown };
  try {
    manifest = JSON.parse(probe.readText(file)) as typeof manifest;
  } catch (error) {
    return `cannot read ${file}: ${(error as Error).message}`;
  }
  if (manifest.name !== HOST_NAME) return `${file} names host ${String(manifest.name)}, not ${HOST_NAME}`;
  if (typeof manifest.path !== "string") return `${file} has no program path`;
  if (!probe.exists(manifest.path)) return `${file} points at ${manifest.path}, which does not exist`;
  return undefined;
}

/**
 * Every browser location the one table (manifests/locations.ts) knows for this OS, user
 * and system, with whether the browser seems installed and whether our host is registered
 * there. On Windows registration is the registry key's default value naming the JSON.
 */
export function browserRegistrations(probe: BrowserProbe): DoctorBrowser[] {
  const entries: DoctorBrowser[] = [];
  for (const scope of ["user", "system"] as const) {
    const dataDir = probe.windowsDataDirs?.[scope];
    const targets = manifestTargets({ os: probe.os, scope, home: probe.home, ...(dataDir ? { windowsDataDir: dataDir } : {}) });
    for (const target of targets) {
      const base = { id: target.browser, label: target.label, scope };
      if (target.registryKey !== undefined) {
        const file = probe.registry.defaultValue(target.registryKey);
        const problem =
          file === null ? undefined : probe.exists(file) ? manifestProblem(file, probe) : `${target.registryKey} points at ${file}, which does not exist`;
        entries.push({ ...base, location: target.registryKey, found: null, registered: file !== null, ...(problem ? { problem } : {}) });
        continue;
      }
      const registered = probe.exists(target.file);
      const problem = registered ? manifestProblem(target.file, probe) : undefined;
      // User scope: the browser's profile folder; system scope: its folder under /etc or /Library.
      const presence = target.presenceDir ?? posix.dirname(posix.dirname(target.file));
      entries.push({ ...base, location: target.file, found: probe.exists(presence), registered, ...(problem ? { problem } : {}) });
    }
  }
  return entries;
}
