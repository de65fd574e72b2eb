/**
 * OpenSSL with the GOST engine for the page-api tests, in a temporary directory, over the
 * soft token's configured runner. Missing openssl or engine makes every test that needs it
 * fail, never skip.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openssl } from "../../../softtoken/provision/openssl.ts";

export interface OpenSsl {
  readonly dir: string;
  /** Runs `openssl args…` in `dir`; throws with stderr on failure. */
  run(args: readonly string[], input?: Uint8Array): Buffer;
  /** Writes a file in `dir` and returns its name. */
  write(name: string, data: Uint8Array | string): string;
}

export function gostOpenSsl(): OpenSsl {
  const ssl = openssl(mkdtempSync(join(tmpdir(), "kep-page-api-")));
  return {
    dir: ssl.dir,
    run: (args, input) => ssl.run(args, input),
    write(name, data) {
      writeFileSync(join(ssl.dir, name), data);
      return name;
    },
  };
}
