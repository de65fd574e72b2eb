import { KepError, type ModuleStatus, serializeError } from "../../../shared/protocol/index.ts";
import type { Logger } from "../log.ts";
import { discoverModules } from "./discovery.ts";
import { knownModuleName } from "./known-modules.ts";
import { Pkcs11Module } from "./module.ts";
import { assertTrustedModulePath, systemTrustEnv, type TrustEnv } from "./module-trust.ts";

/**
 * The modules of this host process: discovered and loaded on first use, kept loaded for
 * the life of the process, finalized on exit. A module that fails to load is remembered
 * with its error so the user sees which path is wrong, while the others keep working.
 */
export class ModuleRegistry {
  private loaded?: { modules: Map<string, Pkcs11Module>; failed: ModuleStatus[] } | undefined;

  constructor(
    private readonly log: Logger,
    private readonly discover: () => string[] = () => discoverModules(),
    private readonly trust: TrustEnv = systemTrustEnv(),
  ) {}

  private ensure(): NonNullable<ModuleRegistry["loaded"]> {
    if (this.loaded) return this.loaded;
    const modules = new Map<string, Pkcs11Module>();
    const failed: ModuleStatus[] = [];
    for (const path of this.discover()) {
      try {
        assertTrustedModulePath(path, this.trust);
        modules.set(path, Pkcs11Module.load(path));
        this.log.info("module loaded", { path });
      } catch (error) {
        const info = serializeError(error);
        this.log.warn("module failed to load", { path, reason: info.message });
        failed.push({ path, name: knownModuleName(path) ?? path.split(/[\\/]/).pop() ?? path, loaded: false, error: info });
      }
    }
    this.loaded = { modules, failed };
    return this.loaded;
  }

  modules(): Pkcs11Module[] {
    return [...this.ensure().modules.values()];
  }

  statuses(): ModuleStatus[] {
    const { modules, failed } = this.ensure();
    return [...[...modules.values()].map((m) => m.status()), ...failed];
  }

  get(path: string): Pkcs11Module {
    const { modules, failed } = this.ensure();
    const module = modules.get(path);
    if (module) return module;
    const failure = failed.find((f) => f.path === path);
    if (failure?.error) throw new KepError(failure.error.code, failure.error.message, { path });
    throw new KepError("TOKEN_NOT_PRESENT", `no module ${path} is configured`, { path });
  }

  async finalizeAll(): Promise<void> {
    if (!this.loaded) return;
    for (const module of this.loaded.modules.values()) {
      try {
        await module.finalize();
      } catch (error) {
        this.log.warn("module finalize failed", { path: module.path, reason: (error as Error).message });
      }
    }
  }

  /** Unloads everything and discovers again, after the user changed the list of libraries. */
  async reload(): Promise<ModuleStatus[]> {
    await this.finalizeAll();
    this.loaded = undefined;
    return this.statuses();
  }
}
