import pkcs11js from "../pkcs11/pkcs11js.ts";
import type { DoctorMechanism, DoctorSlot, DoctorToken } from "../../../shared/protocol/index.ts";
import { ckrCode, ckrName } from "../pkcs11/ckr.ts";
import { CKF_HW_SLOT, CKF_REMOVABLE_DEVICE, CKF_TOKEN_PRESENT, CKS_RO_USER_FUNCTIONS, CKS_RW_USER_FUNCTIONS } from "../pkcs11/constants.ts";
import { slotIdText, trimmed } from "../pkcs11/text.ts";
import { readTokenInfo } from "../tokens/token-info.ts";
import { GOST_MECHANISMS } from "./gost-mechanisms.ts";
import { readObjectSummary, type RawCertificateRecord } from "./object-summary.ts";
import { serialTag } from "./privacy.ts";

export interface SlotInspection {
  slots: DoctorSlot[];
  /** Certificates as read, for the caller to describe; kept apart because parsing them is lazy. */
  certificates: Map<DoctorToken, RawCertificateRecord[]>;
}

export function pkcs11ErrorText(error: unknown): string {
  const code = ckrCode(error);
  return code === undefined ? (error instanceof Error ? error.message : String(error)) : ckrName(code);
}

function mechanisms(lib: pkcs11js.PKCS11, slot: pkcs11js.Handle): { list: DoctorMechanism[]; others: number } {
  const offered = lib.C_GetMechanismList(slot);
  const list: DoctorMechanism[] = [];
  for (const known of GOST_MECHANISMS) {
    if (!offered.includes(known.code)) continue;
    const { flags } = lib.C_GetMechanismInfo(slot, known.code);
    list.push({
      name: known.name,
      code: `0x${known.code.toString(16).toUpperCase()}`,
      bits: known.bits,
      generateKeyPair: (flags & pkcs11js.CKF_GENERATE_KEY_PAIR) !== 0,
      sign: (flags & pkcs11js.CKF_SIGN) !== 0,
      derive: (flags & pkcs11js.CKF_DERIVE) !== 0,
      digest: (flags & pkcs11js.CKF_DIGEST) !== 0,
    });
  }
  return { list, others: offered.filter((code) => !GOST_MECHANISMS.some((m) => m.code === code)).length };
}

function gostAbilities(list: DoctorMechanism[]): DoctorToken["gost"] {
  const can = (bits: 256 | 512, what: "generateKeyPair" | "sign") => list.some((m) => m.bits === bits && m[what]);
  return {
    generate256: can(256, "generateKeyPair"),
    generate512: can(512, "generateKeyPair"),
    sign256: can(256, "sign"),
    sign512: can(512, "sign"),
    derive: list.some((m) => m.derive),
  };
}

/**
 * Reads one present token: its info, its GOST mechanisms, and a summary of its objects
 * from a read-only session. Whatever fails after the info is reported on the token, so
 * a token that answers C_GetTokenInfo still shows up with the reason the rest is missing.
 */
function inspectToken(lib: pkcs11js.PKCS11, slot: pkcs11js.Handle, full: boolean, certificates: SlotInspection["certificates"]): DoctorToken {
  const info = readTokenInfo(lib, "", slot);
  const { totalPublic, freePublic } = info.memory;
  const token: DoctorToken = {
    ...(full ? { label: info.label } : {}),
    serial: full ? info.serial : serialTag(info.serial),
    manufacturer: info.manufacturer,
    model: info.model,
    hardwareVersion: info.hardwareVersion,
    firmwareVersion: info.firmwareVersion,
    initialized: info.initialized,
    loginRequired: info.loginRequired,
    pin: { initialized: info.pin.initialized, countLow: info.pin.countLow, finalTry: info.pin.finalTry, locked: info.pin.locked },
    memory: { totalPublic, freePublic },
    mechanisms: [],
    otherMechanisms: 0,
    gost: { generate256: false, generate512: false, sign256: false, sign512: false, derive: false },
    loggedIn: false,
    objects: { byClass: {}, dataByApplication: [], visibleBytes: 0, usedBytes: totalPublic !== null && freePublic !== null ? totalPublic - freePublic : null },
    certificates: [],
  };
  try {
    const { list, others } = mechanisms(lib, slot);
    token.mechanisms = list;
    token.otherMechanisms = others;
    token.gost = gostAbilities(list);
    // An uninitialised token has no objects and refuses sessions on some modules.
    if (!info.initialized) return token;
    const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    try {
      const state = lib.C_GetSessionInfo(session).state;
      token.loggedIn = state === CKS_RO_USER_FUNCTIONS || state === CKS_RW_USER_FUNCTIONS;
      const summary = readObjectSummary(lib, session);
      token.objects = { ...summary.objects, usedBytes: token.objects.usedBytes };
      certificates.set(token, summary.certificates);
    } finally {
      try {
        lib.C_CloseSession(session);
      } catch {
        // Removed while being read: the error below, if any, says so.
      }
    }
  } catch (error) {
    token.error = pkcs11ErrorText(error);
  }
  return token;
}

/** Every slot of a loaded library, with or without a token; read in one go inside the module's queue. */
export function inspectSlots(lib: pkcs11js.PKCS11, full: boolean): SlotInspection {
  const certificates: SlotInspection["certificates"] = new Map();
  const slots = lib.C_GetSlotList(false).map((slot): DoctorSlot => {
    let info: pkcs11js.SlotInfo;
    try {
      info = lib.C_GetSlotInfo(slot);
    } catch (error) {
      return {
        slotId: slotIdText(slot),
        description: "",
        manufacturer: "",
        hardwareSlot: false,
        removable: false,
        tokenPresent: false,
        error: pkcs11ErrorText(error),
      };
    }
    const entry: DoctorSlot = {
      slotId: slotIdText(slot),
      description: trimmed(info.slotDescription),
      manufacturer: trimmed(info.manufacturerID),
      hardwareSlot: (info.flags & CKF_HW_SLOT) !== 0,
      removable: (info.flags & CKF_REMOVABLE_DEVICE) !== 0,
      tokenPresent: (info.flags & CKF_TOKEN_PRESENT) !== 0,
    };
    if (!entry.tokenPresent) return entry;
    try {
      entry.token = inspectToken(lib, slot, full, certificates);
    } catch (error) {
      entry.error = pkcs11ErrorText(error);
    }
    return entry;
  });
  return { slots, certificates };
}
