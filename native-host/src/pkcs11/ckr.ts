import { type ErrorCode, KepError } from "../../../shared/protocol/index.ts";

/** PKCS#11 return values the host explains to users; the rest become INTERNAL with the name. */
const CKR: Record<number, { name: string; code: ErrorCode }> = {
  0x05: { name: "CKR_GENERAL_ERROR", code: "INTERNAL" },
  0x06: { name: "CKR_FUNCTION_FAILED", code: "INTERNAL" },
  0x30: { name: "CKR_DEVICE_ERROR", code: "INTERNAL" },
  0x31: { name: "CKR_DEVICE_MEMORY", code: "TOKEN_FULL" },
  0x32: { name: "CKR_DEVICE_REMOVED", code: "TOKEN_REMOVED" },
  0x50: { name: "CKR_FUNCTION_CANCELED", code: "USER_CANCELLED" },
  0x60: { name: "CKR_KEY_HANDLE_INVALID", code: "KEY_NOT_FOUND" },
  0x82: { name: "CKR_OBJECT_HANDLE_INVALID", code: "CERT_NOT_FOUND" },
  0xa0: { name: "CKR_PIN_INCORRECT", code: "PIN_INCORRECT" },
  0xa4: { name: "CKR_PIN_LOCKED", code: "PIN_LOCKED" },
  0xb0: { name: "CKR_SESSION_CLOSED", code: "TOKEN_REMOVED" },
  0xb3: { name: "CKR_SESSION_HANDLE_INVALID", code: "TOKEN_REMOVED" },
  0xe0: { name: "CKR_TOKEN_NOT_PRESENT", code: "TOKEN_NOT_PRESENT" },
  0xe1: { name: "CKR_TOKEN_NOT_RECOGNIZED", code: "TOKEN_NOT_PRESENT" },
  0x101: { name: "CKR_USER_NOT_LOGGED_IN", code: "NOT_LOGGED_IN" },
};

export const CKR_ATTRIBUTE_SENSITIVE = 0x11;
export const CKR_ATTRIBUTE_TYPE_INVALID = 0x12;
export const CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;

export function ckrCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}

export function ckrName(code: number): string {
  return CKR[code]?.name ?? `CKR_0x${code.toString(16).toUpperCase()}`;
}

/** Turns whatever a PKCS#11 call threw into the protocol error a user can act on. */
export function fromPkcs11Error(error: unknown, doing: string): KepError {
  if (error instanceof KepError) return error;
  const code = ckrCode(error);
  if (code === undefined) {
    return new KepError("INTERNAL", `${doing}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const known = CKR[code];
  return new KepError(known?.code ?? "INTERNAL", `${doing}: ${ckrName(code)}`, { ckr: ckrName(code) });
}
