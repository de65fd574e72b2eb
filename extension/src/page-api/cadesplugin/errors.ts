import { HRESULT, PageError } from "../backend.ts";

/**
 * Every rejection a page sees is a PageError: an Error whose message ends in
 * "(0x8XXXXXXX)", because pages and wrappers find the HRESULT by matching that text
 * (e.g. "(0x8010006E)" for a cancelled prompt). Anything else thrown inside the shim is a
 * bug or a bad argument and becomes E_FAIL with its message kept.
 */
export function toPluginError(error: unknown): PageError {
  if (error instanceof PageError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new PageError(HRESULT.general, message);
}

export function invalidArg(message: string): PageError {
  return new PageError(HRESULT.invalidArg, message);
}

export function notImplemented(what: string): PageError {
  return new PageError(HRESULT.notImplemented, `${what} не поддерживается kep-bridge`);
}

/**
 * cadesplugin.getLastError(e) as the loader implements it for native-messaging browsers:
 * the message, plus " (0x…)" when the error carries a COM `number` that the message
 * does not already show. Our errors already end in the HRESULT.
 */
export function getLastError(error: unknown): string {
  if (typeof error !== "object" || error === null || !("message" in error) || !error.message) return String(error);
  const message = String(error.message);
  const number = "number" in error && typeof error.number === "number" ? error.number : 0;
  if (!number) return message;
  const hex = (number >>> 0).toString(16).toUpperCase().padStart(8, "0");
  return message.includes(`0x${hex}`) ? message : `${message} (0x${hex})`;
}
