import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExecutable } from "../../packaging/executable.ts";
import { currentTarget } from "../../packaging/target.ts";
import { createGostToken, type GostToken } from "../fixtures/gost-token.ts";
import { handshakeOnce } from "../fixtures/handshake-once.ts";
import { ROOT, TEST_OUTPUT } from "../fixtures/paths.ts";

const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
// Where the .deb test's `npm run package --out` puts it too, so one build serves both.
const OUT = join(TEST_OUTPUT, "package", "dist", `kep-bridge-${VERSION}-${currentTarget().name}`);

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
      const reply = await handshakeOnce(exe, args, env);
      expect(reply, args.join(" ")).toMatchObject({ id: 1, ok: true });
    }
  });

  it("starts its program from the code cache the build trained, not from source", async () => {
    await handshakeOnce(exe, ["chrome-extension://ndkcibfpbpclokaippfdmhggipaeolnm/"], env);
    const starts = readFileSync(join(temp, "state", "host.log"), "utf8").match(/host started .*/g) ?? [];
    expect(starts.length).toBeGreaterThan(0);
    for (const line of starts) expect(line).toContain('codeCache="used"');
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
