import { KepError, type TokenRef } from "../../../shared/protocol/index.ts";
import type { Pkcs11Module } from "../pkcs11/module.ts";
import { findTokenSlot } from "./find-token.ts";

/**
 * Throws TOKEN_REMOVED unless the token with this serial is inserted now. It asks the slot list
 * and token info only — no session, no login — so it is cheap enough for every request of a
 * session that no longer holds a login.
 */
export async function ensureTokenPresent(module: Pkcs11Module, ref: TokenRef): Promise<void> {
  try {
    await module.run((lib) => findTokenSlot(lib, ref));
  } catch (error) {
    if (error instanceof KepError && error.code === "TOKEN_NOT_PRESENT") throw new KepError("TOKEN_REMOVED", error.message, error.details);
    throw error;
  }
}
