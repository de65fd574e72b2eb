import pkcs11js from "../pkcs11/pkcs11js.ts";
import { type ModuleStatus, serializeError, type TokenInfo, type UnusableSlot } from "../../../shared/protocol/index.ts";
import { ckrCode, fromPkcs11Error } from "../pkcs11/ckr.ts";
import type { ModuleRegistry } from "../pkcs11/registry.ts";
import { slotIdText, trimmed } from "../pkcs11/text.ts";
import { readTokenInfo } from "./token-info.ts";

type SlotAnswer = { token: TokenInfo } | { unusable: UnusableSlot };

/**
 * What one slot with a token holds. A token never initialised, or without a serial number
 * to address it by (SoftHSM2's spare slot, a blank card), is unusable but present; a token
 * that does not answer is unreadable. Either is reported, never thrown, so the other
 * slots still list; a token pulled out between the slot list and its info is not listed.
 */
function readSlot(lib: pkcs11js.PKCS11, modulePath: string, slot: pkcs11js.Handle): SlotAnswer | null {
  let info: TokenInfo;
  try {
    info = readTokenInfo(lib, modulePath, slot);
  } catch (error) {
    const code = ckrCode(error);
    if (code === pkcs11js.CKR_TOKEN_NOT_PRESENT || code === pkcs11js.CKR_DEVICE_REMOVED) return null;
    let slotDescription = "";
    try {
      slotDescription = trimmed(lib.C_GetSlotInfo(slot).slotDescription);
    } catch {
      // The slot itself no longer answers; its id is all there is to show.
    }
    const unusable: UnusableSlot = {
      module: modulePath,
      slotId: slotIdText(slot),
      slotDescription,
      state: "unreadable",
      label: "",
      manufacturer: "",
      model: "",
      serial: "",
      error: serializeError(fromPkcs11Error(error, "read token info")),
    };
    return { unusable };
  }
  if (info.initialized && info.serial) return { token: info };
  const { module, slotId, slotDescription, label, manufacturer, model, serial } = info;
  return { unusable: { module, slotId, slotDescription, state: "uninitialized", label, manufacturer, model, serial } };
}

/**
 * Every slot with a token in every loaded module: usable tokens, and apart from them the
 * unusable ones. A module whose slot list fails is reported with its error and the other
 * modules still answer.
 */
export async function listTokens(registry: ModuleRegistry): Promise<{ tokens: TokenInfo[]; unusable: UnusableSlot[]; modules: ModuleStatus[] }> {
  const tokens: TokenInfo[] = [];
  const unusable: UnusableSlot[] = [];
  const modules = registry.statuses();
  for (const module of registry.modules()) {
    try {
      const answers = await module.run((lib) => lib.C_GetSlotList(true).map((slot) => readSlot(lib, module.path, slot)));
      for (const answer of answers) {
        if (!answer) continue;
        if ("token" in answer) tokens.push(answer.token);
        else unusable.push(answer.unusable);
      }
    } catch (error) {
      const status = modules.find((m) => m.path === module.path);
      if (status) status.error = serializeError(fromPkcs11Error(error, "list slots"));
    }
  }
  return { tokens, unusable, modules };
}
