import type { ManifestTarget } from "./locations.ts";

export type RegistryMode = "install" | "uninstall";

export interface RegistryScript {
  /** Text of a `.reg` file (CRLF line ends); write it with {@link encodeRegFile}. */
  readonly regFile: string;
  /** The same changes as `reg.exe` command lines, for printing or pasting into cmd. */
  readonly regCommands: readonly string[];
  /** argv for `reg.exe` (no shell involved), one per command line above. */
  readonly regArgs: readonly (readonly string[])[];
}

/**
 * Chrome, Edge, Yandex and Firefox on Windows find a host through a registry key whose
 * default value is the manifest's full path; this renders those keys for the given targets.
 */
export function windowsRegistry(targets: readonly ManifestTarget[], mode: RegistryMode = "install"): RegistryScript {
  const lines = ["Windows Registry Editor Version 5.00", ""];
  const regArgs: string[][] = [];
  for (const target of targets) {
    const key = target.registryKey;
    if (key === undefined) throw new Error(`${target.file} is not a Windows target (no registry key)`);
    if (mode === "install") {
      lines.push(`[${key}]`, `@="${escapeRegString(target.file)}"`, "");
      regArgs.push(["add", shortHive(key), "/ve", "/t", "REG_SZ", "/d", target.file, "/f"]);
    } else {
      lines.push(`[-${key}]`, "");
      regArgs.push(["delete", shortHive(key), "/f"]);
    }
  }
  return {
    regFile: lines.join("\r\n"),
    regCommands: regArgs.map((args) => ["reg", ...args.map(quoteForCmd)].join(" ")),
    regArgs,
  };
}

/**
 * regedit reads version-5 files as UTF-16LE with a BOM; a UTF-8 or ANSI file would mangle
 * Cyrillic user names in the manifest path (C:\Users\Иван\...).
 */
export function encodeRegFile(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
}

function escapeRegString(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll('"', '\\"');
}

function shortHive(key: string): string {
  return key.replace(/^HKEY_CURRENT_USER\\/, "HKCU\\").replace(/^HKEY_LOCAL_MACHINE\\/, "HKLM\\");
}

function quoteForCmd(arg: string): string {
  return /[\s"]/.test(arg) || arg.includes("\\") ? `"${arg}"` : arg;
}
