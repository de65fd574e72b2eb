/**
 * `npm run install-host`: registers the kep-bridge native host with the browsers.
 * The logic lives in cli.ts; this file only binds it to the real process.
 */
import { execFileSync } from "node:child_process";
import { homedir } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "./cli.ts";

process.exitCode = runCli(process.argv.slice(2), {
  platform: process.platform,
  uid: process.getuid?.(),
  home: homedir(),
  repoRoot: resolve(dirname(fileURLToPath(import.meta.url)), ".."),
  env: process.env,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  runReg: (args) => {
    execFileSync("reg", [...args], { stdio: ["ignore", "ignore", "inherit"] });
  },
});
