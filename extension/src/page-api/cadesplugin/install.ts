import type { PageBackend } from "../backend.ts";
import { asyncSpawn } from "./async-spawn.ts";
import { CADES_CONSTANTS, JS_MODULE_VERSION } from "./constants.ts";
import { createObjectAsync } from "./create-object.ts";
import { getLastError } from "./errors.ts";

/** The `window.cadesplugin` object: a Promise with the loader's members attached. */
export type CadesPlugin = Promise<void> &
  typeof CADES_CONSTANTS & {
    JSModuleVersion: string;
    current_log_level: number;
    async_spawn: typeof asyncSpawn;
    CreateObjectAsync: (progId: string) => ReturnType<typeof createObjectAsync>;
    ReleasePluginObjects: () => Promise<void>;
    getLastError: typeof getLastError;
    set: (pluginObject: unknown) => void;
    set_log_level: (level: number) => void;
    is_capilite_enabled: () => boolean;
  };

export interface InstallOptions {
  /**
   * Settles the `cadesplugin` promise: resolves it when the extension is reachable, or
   * rejects it, which pages show as "Плагин недоступен". Default: ready at once.
   */
  ready?: Promise<unknown>;
}

/**
 * Defines `window.cadesplugin` the way cadesplugin_api.js would after loading the
 * CryptoPro extension in a native-messaging browser: CreateObjectAsync is present,
 * CreateObject is not (that is how wrappers pick the async mode). Must run at
 * document_start in the MAIN world, before page scripts: the page's own loader returns
 * early when `window.cadesplugin` is already set. The property is read-only so a loader
 * without that guard cannot replace the shim with a plug-in that is not there.
 */
export function installCadesPlugin(win: Window, backend: PageBackend, options: InstallOptions = {}): CadesPlugin {
  const ready = Promise.resolve(options.ready).then(
    () => undefined,
    (error: unknown) => {
      throw new Error(`Плагин недоступен${error instanceof Error && error.message ? `: ${error.message}` : ""}`);
    },
  );
  // An unhandled rejection here would be reported before any page awaited the plug-in.
  ready.catch(() => undefined);
  const plugin = Object.assign(ready, CADES_CONSTANTS, {
    JSModuleVersion: JS_MODULE_VERSION,
    current_log_level: CADES_CONSTANTS.LOG_LEVEL_ERROR as number,
    async_spawn: asyncSpawn,
    CreateObjectAsync: (progId: string) => createObjectAsync(backend, progId),
    ReleasePluginObjects: () => Promise.resolve(),
    getLastError,
    // The extension script calls set(pluginObject) on the real loader; there is nothing to set here.
    set: () => undefined,
    set_log_level: (level: number) => {
      plugin.current_log_level = level;
    },
    is_capilite_enabled: () => false,
  });
  Object.defineProperty(win, "cadesplugin", { value: plugin, writable: false, configurable: false, enumerable: true });
  return plugin;
}
