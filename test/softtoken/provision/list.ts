/** What is on each slot, for `npm run softtoken -- list` and for tests in other processes. */
import pkcs11js from "pkcs11js";
import type * as P from "pkcs11js";
import { certificateSummary } from "./certinfo.ts";
import { findObjects, openModule } from "./token.ts";

const CLASS_NAMES: Record<number, string> = {
  [pkcs11js.CKO_DATA]: "CKO_DATA",
  [pkcs11js.CKO_CERTIFICATE]: "CKO_CERTIFICATE",
  [pkcs11js.CKO_PUBLIC_KEY]: "CKO_PUBLIC_KEY",
  [pkcs11js.CKO_PRIVATE_KEY]: "CKO_PRIVATE_KEY",
};

export interface ListedObject {
  class: string;
  label: string;
  id: string;
  subject?: string;
  notAfter?: string;
}

export interface ListedSlot {
  slot: number;
  present: boolean;
  token?: { label: string; serial: string; flags: number; totalMemory: string; freeMemory: string };
  objects: ListedObject[];
}

/** One attribute, or undefined when the object's class does not have it (e.g. CKA_ID on data). */
function attribute(p: P.PKCS11, session: P.Handle, handle: P.Handle, type: number): Buffer | undefined {
  try {
    const [attr] = p.C_GetAttributeValue(session, handle, [{ type }]);
    return Buffer.isBuffer(attr?.value) ? attr.value : undefined;
  } catch {
    return undefined;
  }
}

function describeObject(p: P.PKCS11, session: P.Handle, handle: P.Handle): ListedObject {
  const classNo = attribute(p, session, handle, pkcs11js.CKA_CLASS)?.readUInt32LE(0) ?? -1;
  const out: ListedObject = {
    class: CLASS_NAMES[classNo] ?? `0x${classNo.toString(16)}`,
    label: attribute(p, session, handle, pkcs11js.CKA_LABEL)?.toString("utf8") ?? "",
    id: attribute(p, session, handle, pkcs11js.CKA_ID)?.toString("hex") ?? "",
  };
  if (classNo === pkcs11js.CKO_CERTIFICATE) {
    const value = attribute(p, session, handle, pkcs11js.CKA_VALUE);
    if (value) {
      const cert = certificateSummary(value);
      out.subject = cert.commonName;
      out.notAfter = cert.notAfter.toISOString();
    }
  }
  return out;
}

/** Lists every slot; with `pin`, logs in so private objects are included. */
export function listToken(dir: string, pin?: string): ListedSlot[] {
  const module = openModule(dir);
  const { p } = module;
  try {
    return p.C_GetSlotList(false).map((slot, index) => {
      const present = (p.C_GetSlotInfo(slot).flags & 1) !== 0;
      const entry: ListedSlot = { slot: index, present, objects: [] };
      if (!present) return entry;
      const info = p.C_GetTokenInfo(slot);
      entry.token = {
        label: info.label.trim(),
        serial: info.serialNumber.trim(),
        flags: info.flags,
        totalMemory: String(info.totalPublicMemory),
        freeMemory: String(info.freePublicMemory),
      };
      if (!(info.flags & pkcs11js.CKF_TOKEN_INITIALIZED)) return entry;
      const session = p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
      try {
        if (pin) p.C_Login(session, pkcs11js.CKU_USER, pin);
        entry.objects = findObjects(p, session).map((h) => describeObject(p, session, h));
      } finally {
        p.C_CloseSession(session);
      }
      return entry;
    });
  } finally {
    module.close();
  }
}
