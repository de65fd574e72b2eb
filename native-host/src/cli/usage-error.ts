import type { LocalizedText } from "../../../shared/fns/identifiers.ts";

/**
 * The command line is wrong: the program says why and where its help is, and exits with 2.
 * One class for both command-line programs, the kep CLI (which prints the user's language)
 * and the host installer (which prints both).
 */
export class UsageError extends Error {
  constructor(readonly text: LocalizedText) {
    super(text.en);
  }

  static unexpected(argument: string): UsageError {
    return new UsageError({ ru: `Непонятный параметр: ${argument}`, en: `Unexpected argument: ${argument}` });
  }

  static missing(argument: string): UsageError {
    return new UsageError({ ru: `Не указан параметр ${argument}`, en: `Missing ${argument}` });
  }
}
