import type { ModuleStatus, TokenInfo } from "../../../shared/protocol/index.ts";
import { fromPkcs11Error } from "../pkcs11/ckr.ts";
import type { ModuleRegistry } from "../pkcs11/registry.ts";
import { readTokenInfo } from "./token-info.ts";

/**
 * Every token in every loaded module. A module whose slot list fails is reported with
 * its error and the other modules still answer; a token pulled out between the slot list
 * and its info is simply not listed. A token without a serial number cannot be addressed;
 * the only ones seen are SoftHSM2's spare uninitialised slot, which is not a user's token.
 */
export async function listTokens(registry: ModuleRegistry): Promise<{ tokens: TokenInfo[]; modules: ModuleStatus[] }> {
  const tokens: TokenInfo[] = [];
  const modules = registry.statuses();
  for (const module of registry.modules()) {
    try {
      tokens.push(
        ...(await module.run((lib) =>
          lib.C_GetSlotList(true).flatMap((slot) => {
            try {
              const info = readTokenInfo(lib, module.path, slot);
              return info.serial ? [info] : [];
            } catch {
              return [];
            }
          }),
        )),
      );
    } catch (error) {
      const status = modules.find((m) => m.path === module.path);
      if (status) status.error = fromPkcs11Error(error, "list slots").toInfo();
    }
  }
  return { tokens, modules };
}
