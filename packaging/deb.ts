import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { TrustedExtension } from "../manifests/trusted-extensions.ts";
import { CLI_LINK, EXECUTABLE, linuxLayout } from "./linux-layout.ts";
import type { Target } from "./target.ts";

const DEB_ARCH = { x64: "amd64", arm64: "arm64" } as const;

export interface DebInput {
  readonly executable: string;
  readonly version: string;
  readonly target: Target;
  readonly trusted: readonly TrustedExtension[];
  readonly outDir: string;
}

export function debFileName(version: string, target: Target): string {
  return `kep-bridge_${version}_${DEB_ARCH[target.arch]}.deb`;
}

/**
 * The Debian control file. The manifests under /etc are deliberately not conffiles: they
 * are generated, nobody should edit them, and `dpkg -r` must take them away with the rest
 * rather than keep them until a purge.
 */
export function debControl(version: string, target: Target, installedKiB: number, glibc: string): string {
  return [
    "Package: kep-bridge",
    `Version: ${version}`,
    `Architecture: ${DEB_ARCH[target.arch]}`,
    "Maintainer: kep-bridge <kep-bridge@kepbridge.ru>",
    `Installed-Size: ${installedKiB}`,
    // The executable carries node and the addon, which link these dynamically; Debian 10
    // based systems (Astra 1.7) name the gcc runtime libgcc1.
    `Depends: libc6 (>= ${glibc}), libstdc++6, libgcc-s1 | libgcc1`,
    "Suggests: opensc",
    "Section: utils",
    "Priority: optional",
    "Homepage: https://kepbridge.ru",
    "Description: КЭП on USB tokens from a normal browser (native host)",
    " kep-bridge lets the kep-bridge browser extension reach PKCS#11 tokens (Rutoken,",
    " JaCarta, ESMART and others) to reissue a qualified GOST certificate in the tax",
    " service's cabinet without CryptoPro. This package holds the native messaging",
    " host and the kep-bridge terminal command, and registers the host with Chrome,",
    " Chromium, Yandex Browser, Edge, Brave, Vivaldi and Firefox for all users.",
    "",
  ].join("\n");
}

/**
 * The newest glibc symbol version a binary asks for. The addon is compiled on the build
 * machine, so it, not node, usually sets the floor (2.34 when built on Debian 12).
 */
export function requiredGlibc(binary: Buffer): string {
  let newest: number[] | undefined;
  for (const match of binary.toString("latin1").matchAll(/GLIBC_2\.(\d+)(?:\.(\d+))?/g)) {
    const version = [2, Number(match[1]), ...(match[2] === undefined ? [] : [Number(match[2])])];
    if (newest === undefined || compareVersions(version, newest) > 0) newest = version;
  }
  if (newest === undefined) throw new Error("no glibc symbol versions in the executable: not a Linux build?");
  return newest.join(".");
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Builds the .deb, or keeps the one built from the same executable, manifests and control file. */
export function buildDeb(input: DebInput): string {
  const out = join(input.outDir, debFileName(input.version, input.target));
  const layout = linuxLayout(input.trusted);
  const executable = readFileSync(input.executable);
  const installedKiB = Math.ceil(executable.length / 1024) + 16;
  const control = debControl(input.version, input.target, installedKiB, requiredGlibc(executable));
  const inputs = createHash("sha256")
    .update(executable)
    .update(JSON.stringify(layout))
    .update(control)
    .update(readFileSync(new URL(import.meta.url)))
    .digest("hex");
  const stamp = `${out}.inputs`;
  if (existsSync(out) && existsSync(stamp) && readFileSync(stamp, "utf8") === inputs) return out;
  rmSync(stamp, { force: true });

  const stage = mkdtempSync(join(tmpdir(), "kep-deb-"));
  try {
    for (const file of layout) {
      const path = join(stage, file.path);
      mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
      if (file.content === undefined) copyFileSync(input.executable, path);
      else writeFileSync(path, file.content);
      chmodSync(path, file.mode);
    }
    mkdirSync(join(stage, dirname(CLI_LINK)), { recursive: true });
    symlinkSync(EXECUTABLE, join(stage, CLI_LINK));
    mkdirSync(join(stage, "DEBIAN"));
    writeFileSync(join(stage, "DEBIAN", "control"), control);
    // mkdtemp makes 0700; dpkg would install that mode onto "/".
    chmodSync(stage, 0o755);
    mkdirSync(input.outDir, { recursive: true });
    // gzip: every dpkg in use reads it (zstd only from Debian 13), and it packs 80 MiB in seconds.
    execFileSync("dpkg-deb", ["--root-owner-group", "-Zgzip", "--build", stage, out], { stdio: "pipe" });
    writeFileSync(stamp, inputs);
    return out;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
