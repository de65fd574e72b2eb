import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { build, type BuildOptions, type Plugin } from "esbuild";
import { ADDON_ASSET, PROGRAM_ASSET, PROGRAM_CODE_CACHE_ASSET } from "../native-host/src/executable/sea-assets.ts";
import { asciiOnly } from "../native-host/src/startup/ascii-only.ts";
import { trainCodeCache } from "../native-host/src/startup/train-code-cache.ts";
import type { Target } from "./target.ts";
import { runSigningHook } from "./signing.ts";

/** The string postject flips to tell node a blob is injected; a node built without SEA lacks it. */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

export interface ExecutableBuild {
  readonly root: string;
  readonly target: Target;
  readonly version: string;
  readonly outDir: string;
  /** Where to log progress; quiet builds pass a no-op. */
  readonly log: (line: string) => void;
}

export interface BuiltExecutable {
  readonly path: string;
  /** false when an executable built from the same inputs was reused. */
  readonly rebuilt: boolean;
}

/**
 * Builds the single executable: the host and the CLI bundled into one script, run by a small
 * loader from V8's code cache, with the pkcs11js addon as an asset, all injected into a copy
 * of the node running this build (so the addon's ABI and the runtime always match). The
 * cache comes from a training run of the executable itself, so it is built twice. Injection
 * is the slow step, so an executable whose inputs hash to the same value as last time is kept.
 */
export async function buildExecutable(options: ExecutableBuild): Promise<BuiltExecutable> {
  const { root, target, outDir } = options;
  const addonPath = join(root, "node_modules/pkcs11js/build/Release/pkcs11.node");
  const addon = readFileSync(addonPath);
  const addonSha256 = createHash("sha256").update(addon).digest("hex");
  const program = await bundle(root, options.version, addonSha256);
  const loader = await bundleLoader(root);

  const output = join(outDir, target.executableName);
  const stamp = `${output}.inputs`;
  const inputs = createHash("sha256")
    .update(program)
    .update(loader)
    .update(addon)
    .update(nodeIdentity())
    .update(readFileSync(new URL(import.meta.url)))
    .digest("hex");
  if (existsSync(output) && existsSync(stamp) && readFileSync(stamp, "utf8") === inputs) {
    options.log(`executable unchanged: ${output}`);
    return { path: output, rebuilt: false };
  }

  assertSeaCapableNode();
  const work = mkdtempSync(join(tmpdir(), "kep-sea-"));
  try {
    writeFileSync(join(work, "main.cjs"), loader);
    writeFileSync(join(work, PROGRAM_ASSET), program);
    mkdirSync(dirname(output), { recursive: true });
    rmSync(stamp, { force: true });
    const assets: Record<string, string> = { [PROGRAM_ASSET]: join(work, PROGRAM_ASSET), [ADDON_ASSET]: addonPath };
    makeExecutable(root, output, work, assets, target);
    const codeCache = join(work, PROGRAM_CODE_CACHE_ASSET);
    await trainCodeCache(output, [], codeCache);
    makeExecutable(root, output, work, { ...assets, [PROGRAM_CODE_CACHE_ASSET]: codeCache }, target);
    runSigningHook(output, target, options.log);
    writeFileSync(stamp, inputs);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  options.log(`executable: ${output} (${(statSync(output).size / 2 ** 20).toFixed(1)} MiB)`);
  return { path: output, rebuilt: true };
}

/** One SEA blob from the loader and these assets, injected into a fresh copy of this node. */
function makeExecutable(root: string, output: string, work: string, assets: Record<string, string>, target: Target): void {
  const config = join(work, "sea-config.json");
  writeFileSync(config, JSON.stringify({ main: join(work, "main.cjs"), output: join(work, "sea.blob"), disableExperimentalSEAWarning: true, assets }));
  execFileSync(process.execPath, ["--experimental-sea-config", config], { stdio: "pipe" });
  copyFileSync(process.execPath, output);
  chmodSync(output, 0o755);
  prepareRuntimeCopy(output, target);
  inject(root, output, join(work, "sea.blob"), target);
}

/** The single executable's main script: loads the program asset from its code cache. */
async function bundleLoader(root: string): Promise<string> {
  return bundleScript(join(root, "native-host/src/executable/sea-loader.ts"), {});
}

/** The host and CLI as one CommonJS script (the program asset); pkcs11js's addon require is served from the blob. */
async function bundle(root: string, version: string, addonSha256: string): Promise<string> {
  const embeddedAddon: Plugin = {
    name: "embedded-pkcs11-addon",
    setup(b) {
      b.onResolve({ filter: /[\\/]pkcs11\.node$/ }, () => ({ path: "pkcs11.node", namespace: "embedded-addon" }));
      b.onLoad({ filter: /.*/, namespace: "embedded-addon" }, () => ({
        contents: `module.exports = require(${JSON.stringify(join(root, "native-host/src/executable/embedded-addon.ts"))}).loadEmbeddedAddon();`,
        loader: "js",
        resolveDir: root,
      }));
    },
  };
  return bundleScript(join(root, "native-host/src/executable/entry.ts"), {
    define: { __HOST_VERSION__: JSON.stringify(version), __KEP_ADDON_SHA256__: JSON.stringify(addonSha256) },
    plugins: [embeddedAddon],
  });
}

/** One entry point bundled for node 20 as CommonJS, ASCII only (see ascii-only.ts). */
async function bundleScript(entry: string, options: Pick<BuildOptions, "define" | "plugins">): Promise<string> {
  const result = await build({
    ...options,
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: "node",
    format: "cjs",
    target: "node20",
    legalComments: "none",
    logLevel: "error",
  });
  const file = result.outputFiles[0];
  if (file === undefined) throw new Error("esbuild produced no bundle");
  return asciiOnly(file.text);
}

function nodeIdentity(): string {
  const stat = statSync(process.execPath);
  return `${process.execPath} ${process.version} ${stat.size} ${stat.mtimeMs}`;
}

function assertSeaCapableNode(): void {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 12)) {
    throw new Error(`нужен Node.js 20.12+ (ресурсы SEA) / Node.js 20.12+ is needed for SEA assets, this is ${process.version}`);
  }
  if (!readFileSync(process.execPath).includes(SEA_FUSE)) {
    throw new Error(
      `${process.execPath} собран без поддержки SEA; возьмите node с nodejs.org / ` + `${process.execPath} has no SEA fuse; use an official nodejs.org build`,
    );
  }
}

/**
 * A signed node must lose its signature before its bytes change (macOS refuses to run a
 * binary whose signature no longer matches; on Windows injection merely voids node's
 * signature, and the signing hook signs the result again). On Linux the symbol table is
 * dropped: about 12 MiB nobody debugging a user's machine would use.
 */
function prepareRuntimeCopy(file: string, target: Target): void {
  if (target.os === "darwin") execFileSync("codesign", ["--remove-signature", file]);
  if (target.os === "linux" && hasCommand("strip")) execFileSync("strip", [file]);
}

function inject(root: string, file: string, blob: string, target: Target): void {
  const args = [join(root, "node_modules/postject/dist/cli.js"), file, "NODE_SEA_BLOB", blob, "--sentinel-fuse", SEA_FUSE];
  if (target.os === "darwin") args.push("--macho-segment-name", "NODE_SEA");
  try {
    // LIEF prints harmless section-name warnings for every injection; shown only on failure.
    execFileSync(process.execPath, args, { stdio: "pipe" });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
    throw new Error(`postject failed: ${stderr}`);
  }
}

function hasCommand(name: string): boolean {
  try {
    execFileSync(name, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
