import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { HOST_BUNDLE_FILE, HOST_CODE_CACHE_FILE } from "./host-files.ts";
import { runWithCodeCache } from "./run-with-code-cache.ts";

function optionalFile(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** `node kep-host.cjs`, what the launchers run: the host bundle beside it, from its code cache. */
const filename = join(__dirname, HOST_BUNDLE_FILE);
runWithCodeCache({
  source: readFileSync(filename, "utf8"),
  filename,
  cache: optionalFile(join(__dirname, HOST_CODE_CACHE_FILE)),
  require: createRequire(filename),
});
