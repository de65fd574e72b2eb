import { readCachedPopupModel } from "../storage/popup-cache.ts";
import { loadSettings } from "../storage/settings.ts";
import { runtimeApi } from "./api.ts";
import type { FirstReads } from "./start.tsx";

// Started when this module is evaluated: main.tsx imports it first, so the host is asked and
// the cache read before the UI's modules run (all of them are fetched in parallel, as static
// imports the page preloads; a dynamic import of the UI cost one more round of fetches).
export const firstReads: FirstReads = { fresh: runtimeApi.load(), cached: readCachedPopupModel(), settings: loadSettings() };
