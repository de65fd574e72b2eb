import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { HOST_NAME, MANIFEST_FILE_NAME, chromiumHostManifest, hostManifestFor, serializeHostManifest } from "./host-manifest.ts";
import { manifestTargets, type ManifestTarget, type TargetQuery } from "./locations.ts";
import { TRUSTED_EXTENSIONS, type TrustedExtension } from "./trusted-extensions.ts";

export { windowsRegistry, encodeRegFile, type RegistryScript, type RegistryMode } from "./windows-registry.ts";

export interface InstallOptions extends TargetQuery {
  /** Absolute path of dist/native-host/kep-host (kep-host.cmd on Windows). */
  readonly launcherPath: string;
  readonly trusted?: readonly TrustedExtension[];
}

export interface PlannedManifest extends ManifestTarget {
  readonly content: string;
}

/** What happened (or, in a dry run, would happen) to one manifest file. */
export type FileAction = "written" | "removed" | "absent" | "foreign";

export interface FileOutcome {
  readonly target: ManifestTarget;
  readonly action: FileAction;
  /** Whether the browser's config dir existed beforehand; absent when that can't be told. */
  readonly browserDetected?: boolean;
}

export interface ApplyOptions {
  readonly dryRun: boolean;
}

export function planInstall(options: InstallOptions): PlannedManifest[] {
  const trusted = options.trusted ?? TRUSTED_EXTENSIONS;
  return manifestTargets(options).map((target) => ({
    ...target,
    content: serializeHostManifest(hostManifestFor(target.family, options.launcherPath, trusted)),
  }));
}

export function planUninstall(query: TargetQuery): ManifestTarget[] {
  return manifestTargets(query);
}

export function applyPlan(plan: readonly PlannedManifest[], options: ApplyOptions): FileOutcome[] {
  return plan.map((item) => {
    // Checked before writing: creating the manifest dir would create the config dir too.
    const detected = detect(item);
    if (!options.dryRun) {
      writeManifest(item.file, item.content, item.scope === "user" ? USER_DIR_MODE : SYSTEM_DIR_MODE);
    }
    return withDetection({ target: item, action: "written" }, detected);
  });
}

// No browser detection here: after an install the config dirs exist because we made them.
export function applyUninstall(targets: readonly ManifestTarget[], options: ApplyOptions): FileOutcome[] {
  return targets.map((target) => ({ target, action: removeIfOurs(target.file, options.dryRun) }));
}

/** Chromium reads `<user-data-dir>/NativeMessagingHosts` on Linux and macOS. */
export function profileManifestPath(profileDir: string): string {
  return join(resolve(profileDir), "NativeMessagingHosts", MANIFEST_FILE_NAME);
}

/**
 * Makes the host visible to a Chromium started with `--user-data-dir=<profileDir>` without
 * touching the real user's browsers; returns the manifest's path.
 */
export function installIntoProfile(profileDir: string, launcherPath: string, trusted: readonly TrustedExtension[] = TRUSTED_EXTENSIONS): string {
  const file = profileManifestPath(profileDir);
  writeManifest(file, serializeHostManifest(chromiumHostManifest(launcherPath, trusted)), USER_DIR_MODE);
  return file;
}

export function uninstallFromProfile(profileDir: string, options: ApplyOptions): FileAction {
  return removeIfOurs(profileManifestPath(profileDir), options.dryRun);
}

// Browser profiles hold cookies and keys: a config dir we create ahead of the browser must be
// as private as the one the browser would create. System dirs must be readable by every user.
const USER_DIR_MODE = 0o700;
const SYSTEM_DIR_MODE = 0o755;
const FILE_MODE = 0o644;

function writeManifest(file: string, content: string, dirMode: number): void {
  ensureDir(dirname(file), dirMode);
  // Write-then-rename: a reader never sees half a file, and a packaged symlink at this path
  // is replaced rather than written through into someone else's file.
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, content, { mode: FILE_MODE });
    chmodSync(temp, FILE_MODE); // the umask may have narrowed it
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function ensureDir(dir: string, mode: number): void {
  const firstCreated = mkdirSync(dir, { recursive: true, mode });
  if (firstCreated === undefined) return;
  // Only dirs created just now are chmod-ed (the umask may have narrowed them); existing ones
  // belong to the browser or the OS and keep their modes.
  for (let current = dir; ; current = dirname(current)) {
    chmodSync(current, mode);
    if (current === firstCreated || current === dirname(current)) break;
  }
}

/** Removes the file only if it is a manifest for our host; anything else is left alone. */
function removeIfOurs(file: string, dryRun: boolean): FileAction {
  if (!exists(file)) return "absent";
  if (!isOurManifest(file)) return "foreign";
  if (!dryRun) unlinkSync(file);
  return "removed";
}

function isOurManifest(file: string): boolean {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    return typeof parsed === "object" && parsed !== null && "name" in parsed && parsed.name === HOST_NAME;
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path); // lstat: a dangling symlink still counts as something that is there
    return true;
  } catch {
    return false;
  }
}

function detect(target: ManifestTarget): boolean | undefined {
  return target.presenceDir === undefined ? undefined : exists(target.presenceDir);
}

function withDetection(outcome: FileOutcome, detected: boolean | undefined): FileOutcome {
  return detected === undefined ? outcome : { ...outcome, browserDetected: detected };
}
