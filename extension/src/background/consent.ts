import browser from "webextension-polyfill";
import { KepError, serializeError } from "../../../shared/protocol/index.ts";
import type { ConsentDecision, ConsentDetails } from "../messaging/consent.ts";

interface Pending {
  details: ConsentDetails;
  /** The tab whose page asked; one confirmation at a time per tab. */
  tabId: number | undefined;
  windowId?: number | undefined;
  /** Runs the approved operation; a thrown error is shown in the window for a retry. */
  onApprove: (decision: ConsentDecision) => Promise<void>;
  settle: (outcome: { ok: true } | { ok: false; error: unknown }) => void;
}

const pending = new Map<string, Pending>();

/** Errors after which the user can try again in the same window. */
const RETRYABLE = new Set(["PIN_INCORRECT", "NOT_LOGGED_IN", "TOKEN_NOT_PRESENT", "TOKEN_REMOVED"]);

const cancelled = () => new KepError("USER_CANCELLED", "the user declined the operation");
const busy = () => new KepError("BUSY", "a confirmation window for this tab is already open");

// The worker would otherwise be stopped while the user reads the window; an extension
// API call every 20 s keeps it alive for as long as a confirmation is open.
let keepAlive: ReturnType<typeof setInterval> | undefined;
function updateKeepAlive(): void {
  if (pending.size > 0 && !keepAlive) keepAlive = setInterval(() => void browser.runtime.getPlatformInfo(), 20_000);
  if (pending.size === 0 && keepAlive) {
    clearInterval(keepAlive);
    keepAlive = undefined;
  }
}

browser.windows.onRemoved.addListener((windowId) => {
  for (const [id, entry] of pending) {
    if (entry.windowId === windowId) {
      pending.delete(id);
      entry.settle({ ok: false, error: cancelled() });
    }
  }
  updateKeepAlive();
});

/**
 * Opens the extension's confirmation window and resolves once the user approved and
 * `onApprove` succeeded, or rejects with USER_CANCELLED when the user declines or closes
 * the window. Nothing of this passes through the page: the window is extension UI. While
 * one window of a tab is open, the tab's further requests are refused with BUSY, so a
 * page cannot stack windows for the user to click through.
 */
export function requestConsent(
  details: Omit<ConsentDetails, "id">,
  tabId: number | undefined,
  onApprove: (decision: ConsentDecision) => Promise<void>,
): Promise<void> {
  if ([...pending.values()].some((entry) => entry.tabId === tabId)) return Promise.reject(busy());
  const id = crypto.randomUUID();
  return new Promise<void>((resolve, reject) => {
    const entry: Pending = {
      details: { ...details, id },
      tabId,
      onApprove,
      settle: (outcome) => (outcome.ok ? resolve() : reject(outcome.error)),
    };
    pending.set(id, entry);
    updateKeepAlive();
    browser.windows.create({ url: browser.runtime.getURL(`src/consent/index.html?id=${id}`), type: "popup", width: 480, height: 620, focused: true }).then(
      (win) => {
        entry.windowId = win.id;
      },
      (error: unknown) => {
        pending.delete(id);
        updateKeepAlive();
        reject(error);
      },
    );
  });
}

export function consentDetails(id: string): ConsentDetails | null {
  return pending.get(id)?.details ?? null;
}

/** The window's answer. Returns the details with an error when the user should retry. */
export async function decideConsent(decision: ConsentDecision): Promise<{ done: boolean; details?: ConsentDetails }> {
  const entry = pending.get(decision.id);
  if (!entry) return { done: true };
  const finish = (outcome: { ok: true } | { ok: false; error: unknown }) => {
    pending.delete(decision.id);
    updateKeepAlive();
    entry.settle(outcome);
    if (entry.windowId !== undefined) void browser.windows.remove(entry.windowId).catch(() => undefined);
  };
  if (!decision.approved) {
    finish({ ok: false, error: cancelled() });
    return { done: true };
  }
  try {
    await entry.onApprove(decision);
    finish({ ok: true });
    return { done: true };
  } catch (error) {
    const info = serializeError(error);
    if (!RETRYABLE.has(info.code)) {
      finish({ ok: false, error });
      return { done: true };
    }
    const { error: _previous, ...rest } = entry.details;
    entry.details = { ...rest, error: info };
    return { done: false, details: entry.details };
  }
}
