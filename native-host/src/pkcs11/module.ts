import pkcs11js from "./pkcs11js.ts";
import { KepError, type ModuleStatus, serializeError } from "../../../shared/protocol/index.ts";
import { ckrCode, ckrName, fromPkcs11Error } from "./ckr.ts";
import { knownModuleName } from "./known-modules.ts";
import { trimmed } from "./text.ts";

function version(v: pkcs11js.Version): string {
  return `${v.major}.${v.minor}`;
}

/**
 * One loaded PKCS#11 library, initialized once per host process. Every use goes through
 * `run`, which queues callers so that one operation's sequence of calls (open session,
 * find, read, close) never interleaves with another's: many vendor libraries are not
 * safe to enter from two operations at once even when they claim OS locking.
 */
export class Pkcs11Module {
  private queue: Promise<unknown> = Promise.resolve();
  private finalized = false;

  private constructor(
    readonly path: string,
    private readonly lib: pkcs11js.PKCS11,
  ) {}

  static load(path: string): Pkcs11Module {
    const lib = new pkcs11js.PKCS11();
    try {
      lib.load(path);
    } catch (error) {
      throw new KepError("MODULE_LOAD_FAILED", `cannot load ${path}: ${(error as Error).message}`, { path });
    }
    try {
      lib.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
    } catch (error) {
      if (ckrCode(error) !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
        const code = ckrCode(error);
        try {
          lib.close();
        } catch {
          // The library is unusable either way; the initialize error is what matters.
        }
        throw new KepError(
          "MODULE_LOAD_FAILED",
          `C_Initialize failed for ${path}: ${code === undefined ? (error as Error).message : ckrName(code)}`,
          code === undefined ? { path } : { path, ckr: ckrName(code) },
        );
      }
    }
    return new Pkcs11Module(path, lib);
  }

  get name(): string {
    return knownModuleName(this.path) ?? this.path.split(/[\\/]/).pop() ?? this.path;
  }

  run<T>(operation: (lib: pkcs11js.PKCS11) => T | Promise<T>): Promise<T> {
    const result = this.queue.then(() => {
      if (this.finalized) throw new KepError("INTERNAL", `module ${this.path} is already finalized`);
      return operation(this.lib);
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** What the library says about itself; a library that fails to say is reported with the error, never thrown, so the other modules' tokens still list. */
  status(): ModuleStatus {
    let info: pkcs11js.ModuleInfo;
    try {
      info = this.lib.C_GetInfo();
    } catch (error) {
      return { path: this.path, name: this.name, loaded: true, error: serializeError(fromPkcs11Error(error, "read library info")) };
    }
    return {
      path: this.path,
      name: this.name,
      loaded: true,
      library: {
        manufacturer: trimmed(info.manufacturerID),
        description: trimmed(info.libraryDescription),
        version: version(info.libraryVersion),
        cryptokiVersion: version(info.cryptokiVersion),
      },
    };
  }

  /** Waits for queued operations, then finalizes and unloads; later calls fail cleanly. */
  async finalize(): Promise<void> {
    await this.queue;
    if (this.finalized) return;
    this.finalized = true;
    try {
      this.lib.C_Finalize();
    } finally {
      this.lib.close();
    }
  }
}
