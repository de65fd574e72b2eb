/**
 * What start-up did with V8's code cache. The loader and the bundle it starts are separate
 * scripts that share no module, so the loader leaves its answer on the global object under
 * a registered symbol, and the host reports it in its log (a start that lost its cache is
 * ~30 ms slower, which support can only see there).
 */
export type CodeCacheUse = "used" | "rejected" | "absent";

const KEY = Symbol.for("kep-bridge.code-cache-use");

export function recordCodeCacheUse(use: CodeCacheUse): void {
  (globalThis as Record<symbol, unknown>)[KEY] = use;
}

/** undefined when the bundle was started without the loader (tests running sources, a debugger). */
export function codeCacheUse(): CodeCacheUse | undefined {
  const use = (globalThis as Record<symbol, unknown>)[KEY];
  return use === "used" || use === "rejected" || use === "absent" ? use : undefined;
}
