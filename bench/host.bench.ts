import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { PROTOCOL_VERSION } from "../shared/protocol/index.ts";
import { frame, HostProcess } from "../test/fixtures/host-process.ts";
import { HOST_LAUNCHER } from "../test/fixtures/paths.ts";
import { createSoftHsmToken, manyCertSpecs } from "../test/fixtures/softhsm-token.ts";
import { median, percentile, type BenchRow, type BenchSuite } from "./lib/report.ts";

const STARTS = 25;
const ROUND_TRIPS = 100;

/** Wall time from spawn until `done` resolves. */
async function timeSpawn(command: string, args: string[], env: NodeJS.ProcessEnv, untilReply: boolean): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, { env, stdio: ["pipe", "pipe", "ignore"] });
  if (untilReply) {
    child.stdin.write(frame(JSON.stringify({ id: 1, cmd: "handshake", protocol: PROTOCOL_VERSION, client: "bench" })));
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    const elapsed = performance.now() - started;
    child.stdin.end();
    await new Promise((resolve) => child.once("exit", resolve));
    return elapsed;
  }
  await new Promise((resolve) => child.once("exit", resolve));
  return performance.now() - started;
}

const suite: BenchSuite = async () => {
  const token = await createSoftHsmToken(manyCertSpecs(16));
  try {
    const env = { ...process.env, ...token.env, KEP_STATE_DIR: token.dir };
    const host: number[] = [];
    const bare: number[] = [];
    // Interleaved, so both see the same machine load.
    for (let i = 0; i < STARTS; i++) {
      bare.push(await timeSpawn(process.execPath, ["-e", ""], env, false));
      host.push(await timeSpawn(HOST_LAUNCHER, ["chrome-extension://bench/"], env, true));
    }

    const session = new HostProcess(token.env);
    await session.handshake();
    const ref = { module: token.module, serial: token.serial };
    const trips: number[] = [];
    for (let i = 0; i < ROUND_TRIPS + 5; i++) {
      const started = performance.now();
      const listed = await session.request("listTokens");
      const objects = await session.request("listObjects", { token: ref });
      if (!listed.ok || !objects.ok) throw new Error("round trip failed");
      if (i >= 5) trips.push(performance.now() - started);
    }
    await session.stop();

    const bareMedian = median(bare);
    const hostMedian = median(host);
    const rows: BenchRow[] = [
      {
        name: `host cold start → handshake reply, SoftHSM2 loaded (median of ${STARTS})`,
        value: hostMedian,
        unit: "ms",
        reference: { name: 'node -e ""', value: bareMedian },
        goal: "≤ 1.5× bare node",
        met: hostMedian <= 1.5 * bareMedian,
      },
      {
        name: `listTokens + listObjects, 16 certificates (median of ${ROUND_TRIPS})`,
        value: median(trips),
        unit: "ms",
        goal: "≤ 20 ms",
        met: median(trips) <= 20,
      },
      { name: `listTokens + listObjects, 16 certificates (p95)`, value: percentile(trips, 95), unit: "ms" },
    ];
    return rows;
  } finally {
    token.cleanup();
  }
};

export default suite;
