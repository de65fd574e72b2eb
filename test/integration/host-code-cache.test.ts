import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOST_BUNDLE_FILE, HOST_CODE_CACHE_FILE } from "../../native-host/src/startup/host-files.ts";
import { handshakeOnce } from "../fixtures/handshake-once.ts";
import { ROOT } from "../fixtures/paths.ts";

// The built host (dist/native-host) copied aside, so its cache can be taken away or made stale.
describe("the host's start-up code cache", () => {
  let dir: string;
  let state: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "kep-code-cache-test-"));
    cpSync(join(ROOT, "dist", "native-host"), join(dir, "host"), { recursive: true });
    state = join(dir, "state");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function start(): Promise<{ reply: Record<string, unknown>; codeCache: string | undefined }> {
    const env = { ...process.env, KEP_STATE_DIR: state, KEP_CONFIG_DIR: state };
    const reply = await handshakeOnce(process.execPath, [join(dir, "host", "kep-host.cjs"), "chrome-extension://ndkcibfpbpclokaippfdmhggipaeolnm/"], env);
    const log = readFileSync(join(state, "host.log"), "utf8");
    return { reply, codeCache: /host started .*codeCache="(\w+)"/.exec(log)?.[1] };
  }

  it("is trained by the build and used by the node the launchers name", async () => {
    expect(await start()).toMatchObject({ reply: { id: 1, ok: true }, codeCache: "used" });
  });

  it("runs a bundle of ASCII only, which node reads on its fast path into a one-byte string", () => {
    const bundle = readFileSync(join(dir, "host", HOST_BUNDLE_FILE));
    expect(bundle.findIndex((byte) => byte > 0x7f)).toBe(-1);
  });

  it("is only a speed-up: a stale cache is rejected by V8 and the host starts from source", async () => {
    appendFileSync(join(dir, "host", HOST_BUNDLE_FILE), "\n// changed after the cache was made\n");
    expect(await start()).toMatchObject({ reply: { id: 1, ok: true }, codeCache: "rejected" });
  });

  it("is only a speed-up: without one the host starts from source", async () => {
    rmSync(join(dir, "host", HOST_CODE_CACHE_FILE));
    expect(await start()).toMatchObject({ reply: { id: 1, ok: true }, codeCache: "absent" });
  });
});
