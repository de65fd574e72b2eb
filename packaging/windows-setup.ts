import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TrustedExtension } from "../manifests/trusted-extensions.ts";
import { registryNsh, windowsManifests } from "./windows-installer.ts";

export interface WindowsSetupInput {
  /** kep-bridge.exe to install. */
  readonly executable: string;
  readonly version: string;
  readonly trusted: readonly TrustedExtension[];
  readonly outDir: string;
  readonly log: (line: string) => void;
}

/**
 * Stages kep-bridge.exe, its manifests and the registry include, then runs makensis on
 * packaging/windows/kep-bridge.nsi. Returns the setup's path, or undefined when NSIS is
 * not installed (the stage is kept, ready for makensis).
 */
export function buildWindowsSetup(input: WindowsSetupInput): string | undefined {
  const stage = join(input.outDir, "windows-stage");
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  copyFileSync(input.executable, join(stage, "kep-bridge.exe"));
  for (const [name, content] of Object.entries(windowsManifests(input.trusted))) writeFileSync(join(stage, name), content);
  writeFileSync(join(stage, "registry.nsh"), registryNsh());
  const out = join(input.outDir, `kep-bridge-${input.version}-setup.exe`);
  const args = ["-V2", `-DVERSION=${input.version}`, `-DSTAGE=${stage}`, `-DOUTFILE=${out}`, join(import.meta.dirname, "windows", "kep-bridge.nsi")];
  try {
    execFileSync("makensis", args, { stdio: "pipe" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      input.log(`makensis not found (NSIS 3): the installer's files are staged in ${stage}`);
      return undefined;
    }
    throw new Error(`makensis failed: ${(error as { stdout?: Buffer }).stdout?.toString() ?? String(error)}`);
  }
  return out;
}
