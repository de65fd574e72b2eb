import { posix } from "node:path";
import { hostManifestFor, serializeHostManifest } from "../manifests/host-manifest.ts";
import { manifestTargets } from "../manifests/locations.ts";
import type { TrustedExtension } from "../manifests/trusted-extensions.ts";

export const INSTALL_DIR = "/opt/kep-bridge";
export const EXECUTABLE = posix.join(INSTALL_DIR, "kep-bridge");
/** On PATH for the terminal CLI (`kep-bridge certs`). */
export const CLI_LINK = "/usr/bin/kep-bridge";

export interface LayoutFile {
  /** Absolute path on the installed system. */
  readonly path: string;
  readonly mode: number;
  /** Text to write; undefined for the executable, which is copied. */
  readonly content?: string;
}

/**
 * What a Linux package installs, shared by the .deb and the .rpm spec: the executable in
 * /opt and a system-wide host manifest in every browser's directory from the locations table.
 */
export function linuxLayout(trusted: readonly TrustedExtension[]): LayoutFile[] {
  const manifests = manifestTargets({ os: "linux", scope: "system", home: "/" }).map((target) => ({
    path: target.file,
    mode: 0o644,
    content: serializeHostManifest(hostManifestFor(target.family, EXECUTABLE, trusted)),
  }));
  return [{ path: EXECUTABLE, mode: 0o755 }, ...manifests];
}
