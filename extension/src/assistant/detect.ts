import { RECOGNIZERS, type AssistantStep } from "./recognizers.ts";

export interface Detected {
  page: string;
  /** null on pages between steps; the journal then says where the user is. */
  step: AssistantStep | null;
  /** The site said the step finished (only the final success message does). */
  done: boolean;
}

/** Whitespace collapsed and dashes unified, so a line break or an en dash does not hide a match. */
export function normalizeText(text: string): string {
  return text.replace(/[\u2010-\u2015\u2212]/g, "-").replace(/\s+/g, " ");
}

/** The wizard page the text belongs to; the most advanced match wins (the table lists them in that order). */
export function detectPage(text: string): Detected | null {
  const normalized = normalizeText(text);
  for (const recognizer of RECOGNIZERS) {
    if (recognizer.match.test(normalized)) {
      return { page: recognizer.id, step: recognizer.step, done: recognizer.done?.test(normalized) ?? false };
    }
  }
  return null;
}
