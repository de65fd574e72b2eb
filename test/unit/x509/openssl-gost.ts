/**
 * The system OpenSSL with the GOST engine (libengine-gost-openssl), configured as in facts
 * §6, in a temporary directory. Missing OpenSSL or engine throws, so GOST tests fail rather
 * than skip: without them the parser's main use case would go untested.
 */

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface GostOpenssl {
  dir: string;
  run(args: string[]): string;
  read(file: string): Uint8Array;
  write(file: string, text: string): void;
  dispose(): void;
}

function enginesDir(): string {
  const out = execFileSync("openssl", ["version", "-e"], { encoding: "utf8" });
  const match = /ENGINESDIR: "([^"]+)"/.exec(out);
  if (!match) throw new Error(`cannot find the OpenSSL engines directory in: ${out}`);
  return match[1]!;
}

export function gostOpenssl(): GostOpenssl {
  const engine = join(enginesDir(), "gost.so");
  const dir = mkdtempSync(join(tmpdir(), "kep-x509-"));
  const conf = join(dir, "gost.cnf");
  writeFileSync(
    conf,
    [
      "openssl_conf = openssl_def",
      "[openssl_def]",
      "engines = engine_section",
      "oid_section = new_oids",
      "[new_oids]",
      "INNLE = 1.2.643.100.4",
      "[engine_section]",
      "gost = gost_section",
      "[gost_section]",
      "engine_id = gost",
      `dynamic_path = ${engine}`,
      "default_algorithms = ALL",
      "",
    ].join("\n"),
  );
  const env = { ...process.env, OPENSSL_CONF: conf };
  const run = (args: string[]) => {
    try {
      return execFileSync("openssl", args, { cwd: dir, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? "";
      throw new Error(`openssl ${args.join(" ")} failed (is libengine-gost-openssl installed?):\n${stderr}`);
    }
  };
  try {
    if (!run(["engine", "gost"]).includes("gost")) throw new Error("the OpenSSL GOST engine did not load");
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    run,
    read: (file) => new Uint8Array(readFileSync(join(dir, file))),
    write: (file, text) => writeFileSync(join(dir, file), text),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** X and Y as `openssl pkey -text` prints them: big-endian hex integers. */
export function printedPoint(text: string): { x: string; y: string } {
  const x = /X:([0-9A-F]+)/.exec(text)?.[1];
  const y = /Y:([0-9A-F]+)/.exec(text)?.[1];
  if (!x || !y) throw new Error(`no public point in:\n${text}`);
  return { x, y };
}
