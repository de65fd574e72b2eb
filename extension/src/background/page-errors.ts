import { describeError, type ErrorCode, type ErrorInfo } from "../../../shared/protocol/index.ts";
import { HRESULT } from "../page-api/backend.ts";

/** The plug-in HRESULT a page expects for each of our error codes; pages branch on these. */
const HRESULTS: Partial<Record<ErrorCode, number>> = {
  USER_CANCELLED: HRESULT.cancelled,
  // The plug-in has no "busy" code; pages treat a cancelled prompt as "try again later".
  BUSY: HRESULT.cancelled,
  TOKEN_NOT_PRESENT: HRESULT.noToken,
  TOKEN_REMOVED: HRESULT.noToken,
  PIN_INCORRECT: HRESULT.badPin,
  PIN_LOCKED: HRESULT.pinLocked,
  KEY_NOT_FOUND: HRESULT.noKey,
  CERT_NOT_FOUND: HRESULT.notFound,
  TOKEN_FULL: HRESULT.full,
  ORIGIN_NOT_ALLOWED: HRESULT.notAllowed,
  INVALID_FIELD: HRESULT.badData,
  BAD_REQUEST: HRESULT.badData,
};

/** What the page receives: the HRESULT and the user's message in Russian, as the plug-in's are, and the code they came from. */
export function pageErrorOf(info: ErrorInfo): { hresult: number; message: string; code: ErrorCode } {
  const text = describeError(info, "ru");
  return { hresult: HRESULTS[info.code] ?? HRESULT.general, message: text.message, code: info.code };
}
