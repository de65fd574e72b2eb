/** What rolldown's chunking lets a group's name function ask about the module graph. */
interface ModuleGraph {
  getModuleInfo(id: string): { isEntry: boolean; importers: readonly string[]; dynamicImporters: readonly string[] } | null;
}

const POPUP_ENTRY = /\/extension\/src\/popup\/index\.html$/;
const BACKGROUND_ENTRY = /\/extension\/src\/background\/index\.ts$/;

/**
 * Rolldown's chunk name for a module: the popup's modules that other entries share go into two
 * chunks, so that opening the popup loads four scripts (its own, these two, rolldown's runtime)
 * instead of one per set of entries sharing a module (fourteen when this was written). On a busy
 * machine each script is one more request through the browser's extension scheme and one more
 * task between the click and the list (bench/popup.bench.ts). "common" holds what the background imports too (no UI code reaches
 * the worker); "ui" what only pages share (preact, shared components). A page evaluates all
 * of "ui", so modules there must not act when evaluated; the popup's own modules stay in its
 * entry chunk, everything it does not import is split as before.
 */
export function popupChunk(id: string, graph: ModuleGraph): string | null {
  const reached = entriesReaching(id, graph);
  if (reached.length < 2 || !reached.some((entry) => POPUP_ENTRY.test(entry))) return null;
  return reached.some((entry) => BACKGROUND_ENTRY.test(entry)) ? "common" : "ui";
}

/** The entries whose static or dynamic imports lead to the module. */
function entriesReaching(id: string, graph: ModuleGraph): string[] {
  const seen = new Set<string>([id]);
  const pending = [id];
  const entries: string[] = [];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const info = graph.getModuleInfo(next);
    if (!info) continue;
    if (info.isEntry) entries.push(next);
    for (const importer of [...info.importers, ...info.dynamicImporters]) {
      if (seen.has(importer)) continue;
      seen.add(importer);
      pending.push(importer);
    }
  }
  return entries;
}
