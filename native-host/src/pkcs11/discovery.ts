import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, win32 } from "node:path";
import { configDir } from "../paths.ts";
import { KNOWN_MODULES } from "./known-modules.ts";

export interface HostConfig {
  /** Extra PKCS#11 libraries the user added in the options page. */
  modules: string[];
  /** How long a token stays logged in after its last use. */
  loginMinutes: number;
}

const DEFAULT_LOGIN_MINUTES = 5;

export function readHostConfig(env = process.env): HostConfig {
  let parsed: { modules?: unknown; loginMinutes?: unknown } = {};
  try {
    parsed = JSON.parse(readFileSync(join(configDir(env), "config.json"), "utf8")) as typeof parsed;
  } catch {
    // No or unreadable config: defaults.
  }
  const modules = Array.isArray(parsed.modules) ? parsed.modules.filter((m): m is string => typeof m === "string") : [];
  const minutes = Number(env.KEP_LOGIN_MINUTES ?? parsed.loginMinutes);
  return { modules, loginMinutes: Number.isFinite(minutes) && minutes > 0 ? minutes : DEFAULT_LOGIN_MINUTES };
}

/**
 * The libraries to load. KEP_PKCS11_MODULES (':'-separated; ';' on Windows) replaces
 * discovery entirely, so tests and scripts see exactly the modules they name, including
 * missing ones, which then report MODULE_LOAD_FAILED. Otherwise: every known library that
 * exists on this machine, then the user's own paths (kept even when missing, so the user
 * sees why a path they added does not work).
 */
export function discoverModules(env = process.env, platform = process.platform, exists: (path: string) => boolean = existsSync): string[] {
  const override = env.KEP_PKCS11_MODULES;
  if (override !== undefined) {
    return unique(override.split(platform === "win32" ? ";" : ":").filter(Boolean));
  }
  const os = platform === "darwin" || platform === "win32" ? platform : "linux";
  const found = KNOWN_MODULES.flatMap((m) => {
    // A vendor ships one library under one of several paths; load the first that exists.
    const system32 = win32.join(env.SystemRoot ?? "C:\\Windows", "System32");
    const paths = (m.paths[os] ?? []).map((p) => (os === "win32" ? win32.join(system32, p) : p));
    const hit = paths.find(exists);
    return hit ? [hit] : [];
  });
  return unique([...found, ...readHostConfig(env).modules]);
}

function unique(paths: string[]): string[] {
  return [...new Set(paths)];
}

/**
 * Saves the user's own library paths in config.json, keeping its other settings. Written
 * to a temporary file and renamed, so a crash never leaves a half-written config.
 */
export function writeModulePaths(modules: readonly string[], env = process.env): string {
  const dir = configDir(env);
  const file = join(dir, "config.json");
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch {
    // Missing or unreadable: start afresh.
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify({ ...current, modules }, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return file;
}
