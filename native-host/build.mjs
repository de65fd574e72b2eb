// Bundles the native host and the CLI into single CommonJS files that Node starts without
// any TypeScript step, copies the pkcs11js native addon beside them, writes the launchers
// that host manifests point at, and trains the host's code cache (src/startup).
import { build } from "esbuild";
import { tsImport } from "tsx/esm/api";
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "native-host");
const quiet = process.argv.includes("--quiet");
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const { HOST_BUNDLE_FILE, HOST_CODE_CACHE_FILE } = await tsImport("./src/startup/host-files.ts", import.meta.url);
const { trainCodeCache } = await tsImport("./src/startup/train-code-cache.ts", import.meta.url);

mkdirSync(out, { recursive: true });
await build({
  entryPoints: {
    "kep-host": join(root, "native-host/src/startup/node-loader.ts"),
    [HOST_BUNDLE_FILE.replace(/\.cjs$/, "")]: join(root, "native-host/src/main.ts"),
    "kep-cli": join(root, "native-host/src/cli/main.ts"),
  },
  outdir: out,
  outExtension: { ".js": ".cjs" },
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["pkcs11js"],
  define: { __HOST_VERSION__: JSON.stringify(version) },
  legalComments: "none",
  logLevel: quiet ? "error" : "info",
});

// Only what pkcs11js needs at run time: its loader and the compiled addon.
const addonDir = join(out, "node_modules", "pkcs11js");
rmSync(addonDir, { recursive: true, force: true });
mkdirSync(join(addonDir, "build", "Release"), { recursive: true });
for (const file of ["package.json", "index.js", "LICENSE"]) {
  cpSync(join(root, "node_modules", "pkcs11js", file), join(addonDir, file));
}
cpSync(join(root, "node_modules/pkcs11js/build/Release/pkcs11.node"), join(addonDir, "build/Release/pkcs11.node"));

// The browser starts the launcher with a minimal environment; the node that built the
// host is the one known to match the addon's ABI, so the launcher names it absolutely.
const posix = `#!/bin/sh\nexec "${process.execPath}" "$(dirname "$0")/kep-host.cjs" "$@"\n`;
writeFileSync(join(out, "kep-host"), posix);
chmodSync(join(out, "kep-host"), 0o755);
writeFileSync(join(out, "kep-host.cmd"), `@echo off\r\n"${process.execPath}" "%~dp0kep-host.cjs" %*\r\n`);
// The cache belongs to the node named in the launchers, the one running this build.
await trainCodeCache(process.execPath, [join(out, "kep-host.cjs")], join(out, HOST_CODE_CACHE_FILE));

if (!quiet) console.log(`native host: ${join(out, "kep-host")}`);
