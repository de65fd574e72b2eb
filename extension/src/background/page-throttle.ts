/**
 * How often one tab may call the page API: a legitimate wizard makes a few calls per step;
 * a page calling in a loop would otherwise keep the token busy and fill the host's log.
 */
export const PAGE_CALLS_PER_WINDOW = 30;
export const PAGE_CALL_WINDOW_MS = 10_000;

/**
 * Calls per tab in a sliding window; a call over the limit is refused, not queued. A closed
 * tab's entry empties itself with its window, so nothing needs to watch tabs close.
 */
export class PageThrottle {
  private readonly calls = new Map<number | undefined, number[]>();

  constructor(
    private readonly limit = PAGE_CALLS_PER_WINDOW,
    private readonly windowMs = PAGE_CALL_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a call of this tab; false when the tab is over its limit. */
  admit(tabId: number | undefined): boolean {
    const now = this.now();
    const recent = (this.calls.get(tabId) ?? []).filter((at) => now - at < this.windowMs);
    const admitted = recent.length < this.limit;
    if (admitted) recent.push(now);
    this.calls.set(tabId, recent);
    return admitted;
  }
}
