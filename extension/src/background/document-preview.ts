import type { DocumentPreview } from "../messaging/consent.ts";

/**
 * How much of a text document the confirmation window carries. Everything up to this is
 * scrollable in the window; beyond it the window says how many characters it does not show.
 */
export const PREVIEW_MAX_CHARS = 200_000;

/** C0 controls that never occur in text a person reads (tab, line feed, form feed and carriage return do). */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's purpose
const BINARY_CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f]/;

/**
 * The document as the window shows it: its text when the whole of it is UTF-8 text, else
 * undefined (binary: the window says it cannot show it). The whole document is decoded,
 * so "first N of M characters" is exact and a cut never hides an encoding error.
 */
export function documentPreview(content: Uint8Array): DocumentPreview | undefined {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(content);
  } catch {
    return undefined;
  }
  if (BINARY_CONTROLS.test(text)) return undefined;
  // Counted in UTF-16 units, as the window's text is; a cut never splits a surrogate pair.
  let shown = text.slice(0, PREVIEW_MAX_CHARS);
  if (shown.length < text.length && /[\uD800-\uDBFF]$/.test(shown)) shown = shown.slice(0, -1);
  return { text: shown, shownChars: shown.length, totalChars: text.length };
}
