/**
 * `npm run package`: everything a user installs, for the OS and architecture this runs on,
 * into dist/package/. See packaging/README.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildDeb, requiredGlibc } from "./deb.ts";
import { buildExecutable } from "./executable.ts";
import { chromeStoreZip, firefoxXpi } from "./extension-archives.ts";
import { buildMacPkg } from "./macos-pkg.ts";
import { productionTrust } from "./production-trust.ts";
import { rpmSpec } from "./rpm-spec.ts";
import { currentTarget } from "./target.ts";
import { buildWindowsSetup } from "./windows-setup.ts";

const root = resolve(import.meta.dirname, "..");

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "trust-extension": { type: "string", multiple: true, default: [] },
      out: { type: "string", default: join(root, "dist", "package") },
      quiet: { type: "boolean", default: false },
    },
  });
  const log = values.quiet ? () => undefined : (line: string) => console.log(line);
  const outDir = resolve(values.out);
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  const target = currentTarget();
  const trusted = productionTrust(values["trust-extension"]);
  mkdirSync(outDir, { recursive: true });

  const executableDir = join(outDir, `kep-bridge-${version}-${target.name}`);
  const executable = await buildExecutable({ root, target, version, outDir: executableDir, log });

  const extensionDir = join(root, "dist", "extension");
  if (!existsSync(join(extensionDir, "manifest.json"))) {
    throw new Error("нет dist/extension: сначала npm run build / dist/extension is missing: run npm run build first");
  }
  log(`Chrome Web Store: ${chromeStoreZip(extensionDir, join(outDir, `kep-bridge-chrome-${version}.zip`))}`);
  const xpi = firefoxXpi(join(root, "dist", "extension-firefox"), join(outDir, `kep-bridge-firefox-${version}.xpi`));
  log(xpi === undefined ? "Firefox: dist/extension-firefox not built, no .xpi" : `Firefox: ${xpi}`);

  if (target.os === "linux") {
    log(`deb: ${buildDeb({ executable: executable.path, version, target, trusted, outDir })}`);
    // Next to the executable it packs, ready for rpmbuild on an RPM system.
    writeFileSync(join(executableDir, "kep-bridge.spec"), rpmSpec(version, target, trusted, requiredGlibc(readFileSync(executable.path))));
    log(`rpm spec: ${join(executableDir, "kep-bridge.spec")}`);
  } else if (target.os === "win32") {
    const setup = buildWindowsSetup({ executable: executable.path, version, trusted, outDir, log });
    if (setup !== undefined) log(`setup: ${setup}`);
  } else {
    log(`pkg: ${buildMacPkg({ executable: executable.path, version, trusted, outDir, log })}`);
  }
}

main().catch((error: unknown) => {
  console.error(`ошибка / error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
