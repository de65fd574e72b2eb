import type { ErrorInfo, LibraryFileInfo, ModuleState } from "../../../shared/protocol/index.ts";
import { nativeFormat } from "./library-file.ts";

/**
 * Why a library did not load, from what the loader said and what the file is. The order
 * matters: a missing or foreign file explains a load error better than its text does.
 */
export function moduleState(
  error: ErrorInfo | undefined,
  file: LibraryFileInfo,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): ModuleState {
  if (!error) return "loaded";
  // Refused by the host's own ownership check before the loader ever saw it.
  if (error.code === "MODULE_UNTRUSTED") return "untrusted";
  if (!file.exists) return "missing";
  if (file.format !== nativeFormat(platform)) return "notPkcs11";
  if (file.arch !== null && file.arch !== arch) return "wrongArchitecture";
  if (error.details?.ckr !== undefined || /C_Initialize/.test(error.message)) return "initFailed";
  if (/C_GetFunctionList/.test(error.message)) return "notPkcs11";
  if (/wrong ELF class|architecture|not a valid Win32|%1 is not/i.test(error.message)) return "wrongArchitecture";
  return "loadFailed";
}
