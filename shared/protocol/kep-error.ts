import { describeError, isErrorCode, type ErrorCode, type ErrorDetails, type ErrorInfo, type Lang, type UserMessage } from "./errors.ts";

/**
 * The one error kep-bridge throws, on every side of every boundary: a code from the shared
 * table (which gives the user's text in Russian and English), a technical English message for
 * logs and support, and details that fill the table's placeholders. Details are typed to the
 * table's fields, so a PIN or a document's content has no place to go.
 */
export class KepError extends Error {
  override readonly name = "KepError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
  }

  describe(lang: Lang): UserMessage {
    return describeError(serializeError(this), lang);
  }
}

/** The wire schema's limit on a message (schemas.ts); this file stays free of valibot for the pages that show errors. */
const MAX_MESSAGE = 2000;

// A Record over every key, so a field added to ErrorDetails fails the type check here until it is listed.
const DETAIL_FIELDS: Record<keyof ErrorDetails, true> = {
  triesLeft: true,
  path: true,
  serial: true,
  needed: true,
  free: true,
  host: true,
  extension: true,
  update: true,
  origin: true,
  log: true,
  ckr: true,
  field: true,
  problemRu: true,
  problemEn: true,
  server: true,
  subject: true,
  issuer: true,
  alert: true,
};

/**
 * The wire form of any failure, the only shape an error crosses a boundary in: a KepError
 * keeps its code; anything else is INTERNAL. Only the table's detail fields survive, so a
 * field someone added to an error object never leaves the process.
 */
export function serializeError(error: unknown): ErrorInfo {
  if (!(error instanceof KepError)) {
    return { code: "INTERNAL", message: (error instanceof Error ? error.message : String(error)).slice(0, MAX_MESSAGE) };
  }
  const info: ErrorInfo = { code: error.code, message: error.message.slice(0, MAX_MESSAGE) };
  if (error.details) {
    const fields = Object.entries(error.details).filter(([name, value]) => Object.hasOwn(DETAIL_FIELDS, name) && value !== undefined);
    if (fields.length > 0) info.details = Object.fromEntries(fields) as ErrorDetails;
  }
  return info;
}

/** A received wire error as the error it was: its code travels on unchanged. */
export function deserializeError(info: ErrorInfo): KepError {
  if (!isErrorCode(info.code)) return new KepError("INTERNAL", `unknown error code ${String(info.code)}: ${info.message}`);
  return new KepError(info.code, info.message, info.details);
}
