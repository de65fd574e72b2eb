import { journalAppendToOpenRun, type JournalFields } from "../storage/index.ts";
import type { AssistantStep } from "../assistant/recognizers.ts";

/** The assistant reports the page it sees on every check; one entry per change is enough. */
let lastStep = "";

/**
 * Writes the reissue journal: one run from the application to the certificate on the
 * token, which takes hours or days (the tax office processes requests) and survives
 * browser restarts. A run stays open until its last step is done; a new application
 * while a run is open continues that run, so resuming never forks the history. The open
 * run is picked inside each write's transaction, so concurrent steps and events (a page's
 * request and the assistant's report in the same tick) land in the same run.
 */
export async function recordStep(step: AssistantStep, page: string, done: boolean, fields: JournalFields = {}): Promise<void> {
  const key = `${step}|${page}|${done}`;
  if (key === lastStep && Object.keys(fields).length === 0) return;
  lastStep = key;
  await journalAppendToOpenRun({ step: `${step}:${page}${done ? ":done" : ""}` }, done && step === 5 ? { ...fields, status: "done" } : fields);
}

export async function recordEvent(step: string, detail: string, fields: JournalFields = {}): Promise<void> {
  await journalAppendToOpenRun({ step, detail }, fields);
}

/** Journal events that imply a step: a request is step 2, a written certificate step 5. */
const EVENT_STEPS: Readonly<Record<string, AssistantStep>> = { request: 2, install: 5 };

/** The assistant step a journal entry stands for ("3:receive", "request", …), if any. */
export function stepOf(entry: string): AssistantStep | null {
  const step = EVENT_STEPS[entry] ?? Number(entry.split(":")[0]);
  return step >= 1 && step <= 5 ? (step as AssistantStep) : null;
}
