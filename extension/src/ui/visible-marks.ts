/**
 * Characters that change how text looks without showing themselves: direction overrides
 * and isolates (which made `7707083893` render as `3983807077`), zero-width and other
 * format characters (Unicode category Cf: U+200B–U+200F, U+2060–U+206F, U+FEFF, U+00AD…),
 * line and paragraph separators, variation selectors, Hangul fillers and control
 * characters. The confirmation window shows each as a mark such as ⟦U+202E⟧, so what it
 * shows is what the bytes say.
 */
// eslint-disable-next-line no-misleading-character-class -- each combining mark is listed to be found on its own
const HIDDEN = /[\p{Cf}\p{Cc}\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u2028\u2029\u3164\uFE00-\uFE0F\uFFA0\u{E0100}-\u{E01EF}]/gu;

/** Line breaks and tabs lay out a document's text and stay as they are there. */
const LAYOUT = new Set(["\n", "\t", "\r"]);

const mark = (c: string) => `⟦U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}⟧`;

/** For a label on one line (owner, issuer, token): every hidden character becomes a mark. */
export function revealHidden(text: string): string {
  return text.replace(HIDDEN, mark);
}

/** For a document's text: the same, but line breaks and tabs keep laying it out. */
export function revealHiddenInText(text: string): string {
  return text.replace(HIDDEN, (c) => (LAYOUT.has(c) ? c : mark(c)));
}
