import { concat, seq64, u16, u8 } from "./bytes.ts";

/**
 * One direction's record encryption and MAC once ChangeCipherSpec has switched it on. Both
 * GOST constructions are MAC-then-encrypt over the TLS MAC input of RFC 5246 §6.2.3.1.
 */
export interface RecordProtection {
  /** The ciphertext fragment that carries `fragment` in record number `seq`. */
  seal(type: number, version: number, seq: bigint, fragment: Uint8Array): Uint8Array;
  /** The plaintext of a received fragment; throws TLS_BAD_RECORD_MAC if it does not authenticate. */
  open(type: number, version: number, seq: bigint, ciphertext: Uint8Array): Uint8Array;
}

/** seq_num ‖ type ‖ version ‖ length: what the MAC input has before the fragment. */
export function macHeader(type: number, version: number, seq: bigint, length: number): Uint8Array {
  return concat(seq64(seq), u8(type), u16(version), u16(length));
}

/** seq_num ‖ type ‖ version ‖ length ‖ fragment. */
export function macInput(type: number, version: number, seq: bigint, fragment: Uint8Array): Uint8Array {
  return concat(macHeader(type, version, seq, fragment.length), fragment);
}
