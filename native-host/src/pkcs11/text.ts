import type * as pkcs11js from "pkcs11js";

/** PKCS#11 info strings are fixed-width, blank-padded, sometimes NUL-padded. */
export function trimmed(text: string): string {
  return text.replace(/\0/g, "").trim();
}

/** CK_SLOT_ID travels as a native-endian CK_ULONG buffer; show it as a decimal string. */
export function slotIdText(slot: pkcs11js.Handle): string {
  return slot.length >= 8 ? slot.readBigUInt64LE(0).toString() : slot.readUInt32LE(0).toString();
}

/**
 * Memory sizes: pkcs11js returns numbers or BigInts; CK_UNAVAILABLE_INFORMATION (all ones)
 * means the token does not say, which we report as null rather than as a huge number.
 */
export function memoryValue(value: number | bigint): number | null {
  const big = BigInt(value);
  return big >= BigInt(Number.MAX_SAFE_INTEGER) || big < 0n ? null : Number(big);
}
