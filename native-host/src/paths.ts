import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where the host keeps its log and reads its settings, per the platform's conventions.
 * KEP_STATE_DIR and KEP_CONFIG_DIR override both, for tests and portable installs.
 */
export function stateDir(env = process.env, platform = process.platform): string {
  if (env.KEP_STATE_DIR) return env.KEP_STATE_DIR;
  if (platform === "win32") return join(env.LOCALAPPDATA ?? join(homedir(), "AppData", "Local"), "kep-bridge");
  if (platform === "darwin") return join(homedir(), "Library", "Logs", "kep-bridge");
  return join(env.XDG_STATE_HOME ?? join(homedir(), ".local", "state"), "kep-bridge");
}

export function configDir(env = process.env, platform = process.platform): string {
  if (env.KEP_CONFIG_DIR) return env.KEP_CONFIG_DIR;
  if (platform === "win32") return join(env.APPDATA ?? join(homedir(), "AppData", "Roaming"), "kep-bridge");
  if (platform === "darwin") return join(homedir(), "Library", "Application Support", "kep-bridge");
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), ".config"), "kep-bridge");
}
