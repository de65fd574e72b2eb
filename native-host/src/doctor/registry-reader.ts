import { execFileSync } from "node:child_process";

/** The one thing the report needs from the Windows registry; tests give it text. */
export interface RegistryReader {
  /** The key's default value, or null when the key or the value does not exist. */
  defaultValue(key: string): string | null;
}

/**
 * The default value in `reg query KEY /ve` output. The value's name is localised
 * ("(Default)", "(По умолчанию)"), so the line is found by its type column instead.
 */
export function parseRegQueryDefault(output: string): string | null {
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s+\(.*?\)\s+REG_(?:EXPAND_)?SZ\s+(.*?)\s*$/.exec(line);
    if (match) return match[1]!;
  }
  return null;
}

export const regExeReader: RegistryReader = {
  defaultValue(key) {
    try {
      return parseRegQueryDefault(execFileSync("reg", ["query", key, "/ve"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], windowsHide: true }));
    } catch {
      // reg exits with 1 when the key does not exist.
      return null;
    }
  },
};
