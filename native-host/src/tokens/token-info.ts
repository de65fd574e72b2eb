import pkcs11js from "../pkcs11/pkcs11js.ts";
import type { TokenInfo } from "../../../shared/protocol/index.ts";
import { memoryValue, slotIdText, trimmed } from "../pkcs11/text.ts";

function has(flags: number, flag: number): boolean {
  return (flags & flag) !== 0;
}

export function readTokenInfo(lib: pkcs11js.PKCS11, modulePath: string, slot: pkcs11js.Handle): TokenInfo {
  const slotInfo = lib.C_GetSlotInfo(slot);
  const info = lib.C_GetTokenInfo(slot);
  const f = info.flags;
  return {
    module: modulePath,
    slotId: slotIdText(slot),
    slotDescription: trimmed(slotInfo.slotDescription),
    serial: trimmed(info.serialNumber),
    label: trimmed(info.label),
    manufacturer: trimmed(info.manufacturerID),
    model: trimmed(info.model),
    hardwareVersion: `${info.hardwareVersion.major}.${info.hardwareVersion.minor}`,
    firmwareVersion: `${info.firmwareVersion.major}.${info.firmwareVersion.minor}`,
    memory: {
      totalPublic: memoryValue(info.totalPublicMemory),
      freePublic: memoryValue(info.freePublicMemory),
      totalPrivate: memoryValue(info.totalPrivateMemory),
      freePrivate: memoryValue(info.freePrivateMemory),
    },
    pin: {
      initialized: has(f, pkcs11js.CKF_USER_PIN_INITIALIZED),
      countLow: has(f, pkcs11js.CKF_USER_PIN_COUNT_LOW),
      finalTry: has(f, pkcs11js.CKF_USER_PIN_FINAL_TRY),
      locked: has(f, pkcs11js.CKF_USER_PIN_LOCKED),
      mustChange: has(f, pkcs11js.CKF_USER_PIN_TO_BE_CHANGED),
    },
    initialized: has(f, pkcs11js.CKF_TOKEN_INITIALIZED),
    loginRequired: has(f, pkcs11js.CKF_LOGIN_REQUIRED),
    protectedAuthenticationPath: has(f, pkcs11js.CKF_PROTECTED_AUTHENTICATION_PATH),
    writeProtected: has(f, pkcs11js.CKF_WRITE_PROTECTED),
  };
}
