import { launchMode } from "./launch-mode.ts";

/**
 * Entry of the single executable. Both programs are bundled in; only the one asked for
 * runs, because each starts working as soon as it is loaded.
 */
if (launchMode(process.argv.slice(2)) === "host") {
  void import("../main.ts");
} else {
  void import("../cli/main.ts");
}
