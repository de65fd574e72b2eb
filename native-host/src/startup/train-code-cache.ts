import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROTOCOL_VERSION } from "../../../shared/protocol/index.ts";
import { encodeFrame } from "../io/frame-writer.ts";
import { CODE_CACHE_OUTPUT_ENV } from "./run-with-code-cache.ts";

/**
 * The build's training run: starts a built host as a browser would, in a throw-away home,
 * answers one handshake and exits, leaving V8's code cache of that start in `output`.
 */
export async function trainCodeCache(command: string, args: readonly string[], output: string): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), "kep-code-cache-"));
  rmSync(output, { force: true });
  try {
    const env = {
      ...process.env,
      [CODE_CACHE_OUTPUT_ENV]: output,
      HOME: home,
      XDG_CACHE_HOME: join(home, "cache"),
      LOCALAPPDATA: join(home, "cache"),
      KEP_STATE_DIR: join(home, "state"),
    };
    const child = spawn(command, [...args, "chrome-extension://kep-bridge-build/"], { env, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", resolve);
    });
    child.stdin.end(encodeFrame(JSON.stringify({ id: 1, cmd: "handshake", protocol: PROTOCOL_VERSION, client: "build" })));
    let reply = Buffer.alloc(0);
    child.stdout.on("data", (chunk: Buffer) => (reply = Buffer.concat([reply, chunk])));
    const code = await exited;
    if (code !== 0 || reply.length < 4 || !existsSync(output)) {
      throw new Error(`code cache training run failed (exit ${code}, ${reply.length} reply bytes): ${stderr.trim()}`);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
