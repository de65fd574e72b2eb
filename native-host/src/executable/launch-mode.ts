/**
 * The one executable is both the native host and the `kep` CLI. Browsers start a host with
 * arguments no person types: Chrome-family browsers pass the caller's origin
 * (`chrome-extension://<id>/`, on Windows followed by `--parent-window=<n>`), Firefox passes
 * the manifest's path and the add-on id. Everything else is a person at a terminal.
 */
export type LaunchMode = "host" | "cli";

const EXTENSION_ORIGIN = /^(?:chrome-extension|moz-extension):\/\//;

export function launchMode(args: readonly string[]): LaunchMode {
  if (args.some((arg) => EXTENSION_ORIGIN.test(arg))) return "host";
  const [first, second] = args;
  // No CLI command starts with a path to a .json file, so this cannot swallow a typed command.
  if (args.length === 2 && first !== undefined && second !== undefined && first.endsWith(".json") && second !== "") {
    return "host";
  }
  return "cli";
}
