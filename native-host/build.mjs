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
const { asciiOnly } = await tsImport("./src/startup/ascii-only.ts", import.meta.url);

// pkcs11js is bundled like everything else (its loader then runs from the code cache instead
// of being looked up in node_modules and compiled on every start, ~4 ms); only its compiled
// addon stays a file, beside the bundles.
const addonBesideBundle = {
  name: "pkcs11-addon-beside-bundle",
  setup(b) {
    b.onResolve({ filter: /[\\/]pkcs11\.node$/ }, () => ({ path: "./pkcs11.node", external: true }));
  },
};

rmSync(join(out, "node_modules"), { recursive: true, force: true });
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
  plugins: [addonBesideBundle],
  define: { __HOST_VERSION__: JSON.stringify(version) },
  legalComments: "none",
  logLevel: quiet ? "error" : "info",
});

for (const file of ["kep-host.cjs", HOST_BUNDLE_FILE, "kep-cli.cjs"]) {
  writeFileSync(join(out, file), asciiOnly(readFileSync(join(out, file), "utf8")));
}
cpSync(join(root, "node_modules/pkcs11js/build/Release/pkcs11.node"), join(out, "pkcs11.node"));
cpSync(join(root, "node_modules/pkcs11js/LICENSE"), join(out, "pkcs11js.LICENSE"));

// The browser starts the launcher with a minimal environment; the node that built the
// host is the one known to match the addon's ABI, so the launcher names it absolutely. Its
// folder comes from $0 by expansion: \`dirname\` would be a process of its own, 3-6 ms of
// every host start (browsers start it by the manifest's absolute path, so $0 has a slash).
const posix = `#!/bin/sh\ncase $0 in */*) here=\${0%/*} ;; *) here=. ;; esac\nexec "${process.execPath}" "$here/kep-host.cjs" "$@"\n`;
writeFileSync(join(out, "kep-host"), posix);
chmodSync(join(out, "kep-host"), 0o755);
writeFileSync(join(out, "kep-host.cmd"), `@echo off\r\n"${process.execPath}" "%~dp0kep-host.cjs" %*\r\n`);
// The cache belongs to the node named in the launchers, the one running this build.
await trainCodeCache(process.execPath, [join(out, "kep-host.cjs")], join(out, HOST_CODE_CACHE_FILE));

if (!quiet) console.log(`native host: ${join(out, "kep-host")}`);
