import type { LocalizedText } from "../../../shared/fns/identifiers.ts";

/** A request field the user (or the caller) got wrong; raised before anything touches the token. */
export class CsrInputError extends Error {
  constructor(
    /** Path of the field, e.g. "subject.snils", "publicKey.paramSet", "extensions.keyUsage". */
    readonly field: string,
    readonly userMessage: LocalizedText,
  ) {
    super(`${field}: ${userMessage.en}`);
  }
}
