import { type ErrorCode, type ErrorDetails, KepError } from "../../../shared/protocol/index.ts";

type TlsErrorCode = Extract<ErrorCode, `TLS_${string}`>;

/** A TLS failure; the connection that raised it is closed and none of its data is handed on. */
export class TlsError extends KepError {
  constructor(code: TlsErrorCode, message: string, details?: ErrorDetails) {
    super(code, message, details);
  }
}

/** A malformed or out-of-place message from the server, explained in both languages. */
export function protocolError(en: string, ru: string): TlsError {
  return new TlsError("TLS_UNEXPECTED_MESSAGE", en, { problemEn: en, problemRu: ru });
}
