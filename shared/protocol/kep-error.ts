import * as v from "valibot";
import { describeError, isErrorCode, type ErrorCode, type ErrorDetails, type ErrorInfo, type Lang, type UserMessage } from "./errors.ts";
import { ErrorInfoSchema } from "./schemas.ts";

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

const MAX_MESSAGE = 2000;
const DetailsSchema = ErrorInfoSchema.entries.details.wrapped;

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
  const details = error.details && v.safeParse(DetailsSchema, error.details);
  if (details?.success) info.details = details.output;
  return info;
}

/** A received wire error as the error it was: its code travels on unchanged. */
export function deserializeError(info: ErrorInfo): KepError {
  if (!isErrorCode(info.code)) return new KepError("INTERNAL", `unknown error code ${String(info.code)}: ${info.message}`);
  return new KepError(info.code, info.message, info.details);
}
