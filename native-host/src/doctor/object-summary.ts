import pkcs11js from "../pkcs11/pkcs11js.ts";
import type { DoctorToken } from "../../../shared/protocol/index.ts";
import { toHex } from "../../../shared/encoding.ts";
import { findAll, readAttributes, ulongOf } from "../pkcs11/attributes.ts";

const CLASS_NAMES: Record<number, string> = {
  [pkcs11js.CKO_DATA]: "data",
  [pkcs11js.CKO_CERTIFICATE]: "certificate",
  [pkcs11js.CKO_PUBLIC_KEY]: "publicKey",
  [pkcs11js.CKO_PRIVATE_KEY]: "privateKey",
  [pkcs11js.CKO_SECRET_KEY]: "secretKey",
  [pkcs11js.CKO_HW_FEATURE]: "hwFeature",
  [pkcs11js.CKO_DOMAIN_PARAMETERS]: "domainParameters",
  [pkcs11js.CKO_MECHANISM]: "mechanism",
};

/**
 * What a token spends per object beyond the attribute values PKCS#11 returns: headers,
 * flags, the attributes not read here. A guess (the GOST soft token spends 12 bytes per
 * attribute, card file systems round up to blocks), deliberately generous, so a token's
 * used memory well beyond it means storage PKCS#11 does not show.
 */
export const OBJECT_OVERHEAD_BYTES = 256;

const READ = [pkcs11js.CKA_CLASS, pkcs11js.CKA_VALUE, pkcs11js.CKA_APPLICATION, pkcs11js.CKA_LABEL, pkcs11js.CKA_ID, pkcs11js.CKA_EC_POINT];

export interface RawCertificateRecord {
  der: Uint8Array;
  /** Whether a key object with the certificate's CKA_ID is visible. */
  keyOnToken: boolean;
}

/**
 * Counts every object the session can see by class, data objects by the application that
 * wrote them, and the bytes their attributes take. Values are read only to measure them
 * (and certificates to describe them); nothing else leaves this function.
 */
export function readObjectSummary(
  lib: pkcs11js.PKCS11,
  session: pkcs11js.Handle,
): { objects: Omit<DoctorToken["objects"], "usedBytes">; certificates: RawCertificateRecord[] } {
  const byClass: Record<string, number> = {};
  const applications = new Map<string, { count: number; bytes: number }>();
  const certificates: { der: Uint8Array; id: string }[] = [];
  const keyIds = new Set<string>();
  let visibleBytes = 0;
  for (const handle of findAll(lib, session, [])) {
    const attrs = readAttributes(lib, session, handle, READ);
    const cls = ulongOf(attrs.get(pkcs11js.CKA_CLASS));
    const name = cls === undefined ? "unknown" : (CLASS_NAMES[cls] ?? `vendor 0x${cls.toString(16).toUpperCase()}`);
    byClass[name] = (byClass[name] ?? 0) + 1;
    let bytes = OBJECT_OVERHEAD_BYTES;
    for (const value of attrs.values()) bytes += value?.length ?? 0;
    visibleBytes += bytes;
    const id = toHex(attrs.get(pkcs11js.CKA_ID) ?? Buffer.alloc(0));
    if (cls === pkcs11js.CKO_DATA) {
      const application = attrs.get(pkcs11js.CKA_APPLICATION)?.toString("utf8").replace(/\0/g, "").trim() || "—";
      const entry = applications.get(application) ?? { count: 0, bytes: 0 };
      applications.set(application, { count: entry.count + 1, bytes: entry.bytes + bytes });
    } else if (cls === pkcs11js.CKO_CERTIFICATE) {
      const der = attrs.get(pkcs11js.CKA_VALUE);
      if (der?.length) certificates.push({ der: new Uint8Array(der), id });
    } else if (cls === pkcs11js.CKO_PUBLIC_KEY || cls === pkcs11js.CKO_PRIVATE_KEY) {
      if (id) keyIds.add(id);
    }
  }
  return {
    objects: {
      byClass,
      dataByApplication: [...applications].map(([application, { count, bytes }]) => ({ application, count, bytes })),
      visibleBytes,
    },
    certificates: certificates.map(({ der, id }) => ({ der, keyOnToken: id !== "" && keyIds.has(id) })),
  };
}
