import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { PROTOCOL_VERSION } from "../shared/protocol/index.ts";
import { buildExecutable } from "../packaging/executable.ts";
import { currentTarget } from "../packaging/target.ts";
import { frame } from "../test/fixtures/host-process.ts";
import { ROOT } from "../test/fixtures/paths.ts";
import { createSoftHsmToken } from "../test/fixtures/softhsm-token.ts";
import { median, type BenchRow, type BenchSuite } from "./lib/report.ts";

const STARTS = 15;
const FIRST_STARTS = 5;
const MiB = 2 ** 20;

/** Wall time from spawn to the handshake's reply. */
async function coldStart(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const child = spawn(command, [...args, "chrome-extension://bench/"], { env, stdio: ["pipe", "pipe", "ignore"] });
  child.stdin.write(frame(JSON.stringify({ id: 1, cmd: "handshake", protocol: PROTOCOL_VERSION, client: "bench" })));
  await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  const elapsed = performance.now() - started;
  child.stdin.end();
  await new Promise((resolve) => child.once("exit", resolve));
  return elapsed;
}

// The single executable (what packages install) against node running the same bundled host
// (what a clone runs), started alternately so both see the same load.
const suite: BenchSuite = async () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
  const target = currentTarget();
  const executable = await buildExecutable({
    root: ROOT,
    target,
    version,
    outDir: join(ROOT, "dist", "package", `kep-bridge-${version}-${target.name}`),
    log: () => undefined,
  });
  const token = await createSoftHsmToken([]);
  const cache = mkdtempSync(join(tmpdir(), "kep-bench-cache-"));
  try {
    const env = { ...process.env, ...token.env, KEP_STATE_DIR: token.dir, XDG_CACHE_HOME: cache };
    // A user's very first start also writes the addon into the cache: timed apart, from an
    // emptied cache, in the same rounds as the others so all three see the same load.
    const first: number[] = [];
    const single: number[] = [];
    const bundled: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      if (i < FIRST_STARTS) {
        rmSync(cache, { recursive: true, force: true });
        first.push(await coldStart(executable.path, [], env));
      }
      single.push(await coldStart(executable.path, [], env));
      bundled.push(await coldStart(process.execPath, [join(ROOT, "dist", "native-host", "kep-host.cjs")], env));
    }
    const singleMedian = median(single);
    const rows: BenchRow[] = [
      {
        name: `single executable cold start → handshake reply (median of ${STARTS})`,
        value: singleMedian,
        unit: "ms",
        reference: { name: "node dist/native-host/kep-host.cjs", value: median(bundled) },
        goal: "≤ 1.2× bundled host under node",
        met: singleMedian <= 1.2 * median(bundled),
      },
      {
        name: `single executable first start, addon unpacked (median of ${FIRST_STARTS})`,
        value: median(first),
        unit: "ms",
        reference: { name: "later starts", value: singleMedian },
      },
      {
        name: `single executable size (${target.name})`,
        value: statSync(executable.path).size / MiB,
        unit: "MiB",
        reference: { name: `node ${process.version}`, value: statSync(process.execPath).size / MiB },
      },
    ];
    return rows;
  } finally {
    token.cleanup();
    rmSync(cache, { recursive: true, force: true });
  }
};

export default suite;
