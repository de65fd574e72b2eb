import type * as pkcs11js from "pkcs11js";
import { KepError, type TokenRef } from "../../../shared/protocol/index.ts";
import { trimmed } from "../pkcs11/text.ts";

/** The slot that holds the token with this serial now; slot ids change on reinsertion. */
export function findTokenSlot(lib: pkcs11js.PKCS11, ref: TokenRef): pkcs11js.Handle {
  for (const slot of lib.C_GetSlotList(true)) {
    let serial: string;
    try {
      serial = trimmed(lib.C_GetTokenInfo(slot).serialNumber);
    } catch {
      continue; // removed between the slot list and this call
    }
    if (serial === ref.serial) return slot;
  }
  throw new KepError("TOKEN_NOT_PRESENT", `no token with serial ${ref.serial} in ${ref.module}`, { serial: ref.serial });
}
