/** Reading the few certificate fields the fixture needs, straight from DER. */
import { children, oid, readTlv, type Tlv } from "../der.ts";

function tbsFields(der: Buffer): Tlv[] {
  const [tbs] = children(readTlv(der));
  if (!tbs) throw new Error("not a certificate");
  const fields = children(tbs);
  // Skip the optional [0] version so indexes match the v1 layout.
  return fields[0]?.tag === 0xa0 ? fields.slice(1) : fields;
}

/** Subject, issuer and serial exactly as encoded, for CKA_SUBJECT/CKA_ISSUER/CKA_SERIAL_NUMBER. */
export function certificateFields(der: Buffer): { subject: Buffer; issuer: Buffer; serial: Buffer } {
  const [serial, , issuer, , subject] = tbsFields(der);
  if (!serial || !issuer || !subject) throw new Error("truncated certificate");
  return { subject: subject.raw, issuer: issuer.raw, serial: serial.raw };
}

function parseTime(t: Tlv): Date {
  const s = t.content.toString("ascii");
  const full = t.tag === 0x17 ? `${Number(s.slice(0, 2)) < 50 ? "20" : "19"}${s}` : s;
  return new Date(`${full.slice(0, 4)}-${full.slice(4, 6)}-${full.slice(6, 8)}T${full.slice(8, 10)}:${full.slice(10, 12)}:${full.slice(12, 14)}Z`);
}

export interface CertificateSummary {
  commonName: string;
  notBefore: Date;
  notAfter: Date;
}

export function certificateSummary(der: Buffer): CertificateSummary {
  const [, , , validity, subject] = tbsFields(der);
  const [notBefore, notAfter] = validity ? children(validity) : [];
  if (!notBefore || !notAfter || !subject) throw new Error("truncated certificate");
  const cnOid = oid("2.5.4.3");
  let commonName = "";
  for (const rdn of children(subject)) {
    for (const atv of children(rdn)) {
      const [type, value] = children(atv);
      if (type?.raw.equals(cnOid) && value) commonName = value.content.toString("utf8");
    }
  }
  return { commonName, notBefore: parseTime(notBefore), notAfter: parseTime(notAfter) };
}
