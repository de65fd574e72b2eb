import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION } from "../../shared/protocol/index.ts";
import { buildExecutable } from "../../packaging/executable.ts";
import { currentTarget } from "../../packaging/target.ts";
import { createGostToken, type GostToken } from "../fixtures/gost-token.ts";
import { frame } from "../fixtures/host-process.ts";
import { ROOT, TEST_OUTPUT } from "../fixtures/paths.ts";

const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
// Where the .deb test's `npm run package --out` puts it too, so one build serves both.
const OUT = join(TEST_OUTPUT, "package", "dist", `kep-bridge-${VERSION}-${currentTarget().name}`);

/** Sends a handshake the way a browser would and returns the first reply frame's JSON. */
async function handshake(exe: string, args: string[], env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const child = spawn(exe, args, { env, stdio: ["pipe", "pipe", "pipe"] });
  child.stdin.write(frame(JSON.stringify({ id: 1, cmd: "handshake", protocol: PROTOCOL_VERSION, client: "test" })));
  let buffer = Buffer.alloc(0);
  const reply = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length >= 4 && buffer.length >= 4 + buffer.readUInt32LE(0)) {
        resolve(JSON.parse(buffer.subarray(4, 4 + buffer.readUInt32LE(0)).toString("utf8")) as Record<string, unknown>);
      }
    });
    child.once("exit", (code) => reject(new Error(`host exited (${code}) before replying`)));
  });
  child.stdin.end();
  await new Promise((resolve) => child.once("exit", resolve));
  return reply;
}

// The one executable packages install, run as a user's machine would: no node on PATH.
describe("the single executable", () => {
  let exe: string;
  let temp: string;
  let token: GostToken;
  let env: NodeJS.ProcessEnv;
  let cache: string;

  beforeAll(async () => {
    exe = (await buildExecutable({ root: ROOT, target: currentTarget(), version: VERSION, outDir: OUT, log: () => undefined })).path;
    temp = mkdtempSync(join(tmpdir(), "kep-exe-test-"));
    token = createGostToken();
    const bin = join(temp, "bin");
    mkdirSync(bin);
    for (const tool of ["sh", "cat", "ls"]) symlinkSync(`/bin/${tool}`, join(bin, tool));
    cache = join(temp, "cache");
    env = { PATH: bin, HOME: temp, XDG_CACHE_HOME: cache, KEP_STATE_DIR: join(temp, "state"), KEP_LANG: "en", ...token.env };
  }, 300_000);

  afterAll(() => {
    token?.cleanup();
    rmSync(temp, { recursive: true, force: true });
  });

  it("is the CLI when a person runs it: lists the GOST soft token without node anywhere", () => {
    expect(() => execFileSync("node", ["--version"], { env, stdio: "ignore" })).toThrow();
    const out = execFileSync(exe, ["tokens", "--json"], { env, encoding: "utf8" });
    expect(out).toContain(token.serial);
  });

  it("is the host when Chrome starts it with an origin, and when Firefox starts it with manifest and add-on id", async () => {
    for (const args of [
      ["chrome-extension://ndkcibfpbpclokaippfdmhggipaeolnm/"],
      ["/usr/lib/mozilla/native-messaging-hosts/ru.kepbridge.host.json", "kep-bridge@kepbridge.ru"],
    ]) {
      const reply = await handshake(exe, args, env);
      expect(reply, args.join(" ")).toMatchObject({ id: 1, ok: true });
    }
  });

  it("keeps its PKCS#11 addon in a private cache and rewrites a copy that was changed", () => {
    const dir = join(cache, "kep-bridge");
    const [name] = readdirSync(dir);
    const file = join(dir, name!);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const original = createHash("sha256").update(readFileSync(file)).digest("hex");
    expect(name).toBe(`pkcs11-${original.slice(0, 16)}.node`);

    writeFileSync(file, "not the addon any more");
    execFileSync(exe, ["tokens"], { env });
    expect(createHash("sha256").update(readFileSync(file)).digest("hex")).toBe(original);
    expect(readdirSync(dir)).toEqual([name]);
  });
});
