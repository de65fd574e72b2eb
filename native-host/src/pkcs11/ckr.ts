import pkcs11js from "./pkcs11js.ts";
import { type ErrorCode, KepError } from "../../../shared/protocol/index.ts";

/** PKCS#11 return values the host explains to users; the rest become INTERNAL with the name. */
const EXPLAINED = {
  CKR_GENERAL_ERROR: "INTERNAL",
  CKR_FUNCTION_FAILED: "INTERNAL",
  CKR_DEVICE_ERROR: "INTERNAL",
  CKR_DEVICE_MEMORY: "TOKEN_FULL",
  CKR_DEVICE_REMOVED: "TOKEN_REMOVED",
  CKR_FUNCTION_CANCELED: "USER_CANCELLED",
  CKR_KEY_HANDLE_INVALID: "KEY_NOT_FOUND",
  CKR_OBJECT_HANDLE_INVALID: "CERT_NOT_FOUND",
  CKR_PIN_INCORRECT: "PIN_INCORRECT",
  CKR_PIN_LOCKED: "PIN_LOCKED",
  CKR_SESSION_CLOSED: "TOKEN_REMOVED",
  CKR_SESSION_HANDLE_INVALID: "TOKEN_REMOVED",
  CKR_TOKEN_NOT_PRESENT: "TOKEN_NOT_PRESENT",
  CKR_TOKEN_NOT_RECOGNIZED: "TOKEN_NOT_PRESENT",
  CKR_USER_NOT_LOGGED_IN: "NOT_LOGGED_IN",
} as const satisfies Partial<Record<keyof typeof pkcs11js, ErrorCode>>;

const CKR = new Map(
  (Object.keys(EXPLAINED) as (keyof typeof EXPLAINED)[]).map((name) => [pkcs11js[name], { name, code: EXPLAINED[name] as ErrorCode }] as const),
);

export function ckrCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}

export function ckrName(code: number): string {
  return CKR.get(code)?.name ?? `CKR_0x${code.toString(16).toUpperCase()}`;
}

/** Turns whatever a PKCS#11 call threw into the protocol error a user can act on. */
export function fromPkcs11Error(error: unknown, doing: string): KepError {
  if (error instanceof KepError) return error;
  const code = ckrCode(error);
  if (code === undefined) {
    return new KepError("INTERNAL", `${doing}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const known = CKR.get(code);
  return new KepError(known?.code ?? "INTERNAL", `${doing}: ${ckrName(code)}`, { ckr: ckrName(code) });
}
