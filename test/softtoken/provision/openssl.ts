/**
 * OpenSSL with the GOST engine, configured by an explicit file so the system openssl.cnf never
 * matters (docs/openssl-gost.md#engine-not-provider: on Debian 12 only the engine, not gostprov, can sign).
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export const GOST_ENGINE_PATH = process.env["KEP_SOFTTOKEN_GOST_ENGINE"] ?? "/usr/lib/x86_64-linux-gnu/engines-3/gost.so";

/** Writes `gost.cnf` into `dir` and returns its path. */
export function writeGostConf(dir: string): string {
  const path = join(dir, "gost.cnf");
  writeFileSync(
    path,
    [
      "openssl_conf = openssl_def",
      "[openssl_def]",
      "engines = engine_section",
      "[engine_section]",
      "gost = gost_section",
      "[gost_section]",
      "engine_id = gost",
      `dynamic_path = ${GOST_ENGINE_PATH}`,
      "default_algorithms = ALL",
      "",
    ].join("\n"),
  );
  return path;
}

export interface OpenSsl {
  /** Runs `openssl args…` in the work directory; throws with stderr on failure. */
  run(args: readonly string[], input?: Uint8Array): Buffer;
  readonly dir: string;
}

export function openssl(dir: string): OpenSsl {
  const env = { ...process.env, OPENSSL_CONF: writeGostConf(dir) };
  return {
    dir,
    run(args, input) {
      try {
        return execFileSync("openssl", args, { cwd: dir, env, input, stdio: ["pipe", "pipe", "pipe"] });
      } catch (e) {
        const err = e as { stderr?: Buffer; message: string };
        throw new Error(`openssl ${args.join(" ")}: ${err.stderr?.toString() ?? err.message}`);
      }
    },
  };
}
