import { readTlv } from "../x509/tlv.ts";

/**
 * Whether `der` is exactly one TLV. The schema parser reads the first value and ignores what
 * follows it, so a field that must be one DER value is checked with this first.
 */
export function isSingleValue(der: Uint8Array): boolean {
  return readTlv(der)?.end === der.length;
}
