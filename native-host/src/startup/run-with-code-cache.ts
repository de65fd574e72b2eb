import { writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { Script } from "node:vm";
import { recordCodeCacheUse } from "./code-cache-use.ts";

/**
 * Set only by the build's training run: the file to write, as the process exits, the code
 * cache of everything compiled up to then. Written after a handshake, it covers the
 * functions a start really runs; a cache made before running covers only top-level code,
 * which V8 compiles eagerly anyway, and saved nothing measurable.
 */
export const CODE_CACHE_OUTPUT_ENV = "KEP_CODE_CACHE_OUTPUT";

export interface BundleToRun {
  readonly source: string;
  /** Shown in stack traces. */
  readonly filename: string;
  /** V8's cache for exactly this source, or undefined when there is none. */
  readonly cache: Buffer | undefined;
  readonly require: NodeJS.Require;
}

/**
 * Runs a CommonJS bundle the way node's loader would, but from V8's code cache: compiling
 * the host's 0.9 MB bundle from source was the largest part of its start-up beyond node's
 * own (16-21 ms; 3-4 ms from the cache), and the browser waits for that on every start. V8 checks the cache against its version,
 * flags and the source, and compiles from source when it does not match, so a stale or
 * foreign cache costs time, never correctness.
 */
export function runWithCodeCache(bundle: BundleToRun): void {
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${bundle.source}\n})`, {
    filename: bundle.filename,
    ...(bundle.cache === undefined ? {} : { cachedData: bundle.cache }),
  });
  recordCodeCacheUse(bundle.cache === undefined ? "absent" : script.cachedDataRejected === true ? "rejected" : "used");

  const output = process.env[CODE_CACHE_OUTPUT_ENV];
  if (output !== undefined) {
    // Not inherited by anything the host starts.
    delete process.env[CODE_CACHE_OUTPUT_ENV];
    process.once("exit", () => writeFileSync(output, script.createCachedData()));
  }

  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, bundle.require, module, bundle.filename, dirname(bundle.filename));
}
