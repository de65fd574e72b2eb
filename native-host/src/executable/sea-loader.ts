import { getAsset } from "node:sea";
import { runWithCodeCache } from "../startup/run-with-code-cache.ts";
import { PROGRAM_ASSET, PROGRAM_CODE_CACHE_ASSET } from "./sea-assets.ts";

function codeCache(): Buffer | undefined {
  try {
    return Buffer.from(getAsset(PROGRAM_CODE_CACHE_ASSET));
  } catch {
    // The build's first pass, whose run makes the cache, has none yet.
    return undefined;
  }
}

/**
 * Main script of the single executable. The program (host and CLI) is an asset run from a
 * code cache made by a training run of the same executable: node's own `useCodeCache` is
 * made before anything runs, so it holds only top-level code and saved nothing measurable.
 */
runWithCodeCache({ source: getAsset(PROGRAM_ASSET, "utf8"), filename: PROGRAM_ASSET, cache: codeCache(), require });
