import { posix, win32 } from "node:path";
import { TRUSTED_EXTENSIONS, type ExtensionFamily, type TrustedExtension } from "./trusted-extensions.ts";

/** Must equal NATIVE_HOST_NAME in extension/src/background/native-host.ts. */
export const HOST_NAME = "ru.kepbridge.host";
export const HOST_DESCRIPTION = "kep-bridge native host (PKCS#11 tokens for КЭП)";
/** Every browser looks the host up by `<name>.json`. */
export const MANIFEST_FILE_NAME = `${HOST_NAME}.json`;

interface HostManifestBase {
  readonly name: string;
  readonly description: string;
  readonly path: string;
  readonly type: "stdio";
}

export interface ChromiumHostManifest extends HostManifestBase {
  readonly allowed_origins: readonly string[];
}

export interface FirefoxHostManifest extends HostManifestBase {
  readonly allowed_extensions: readonly string[];
}

export type HostManifest = ChromiumHostManifest | FirefoxHostManifest;

// Chromium ids are 32 letters a–p (a hex SHA-256 prefix shifted to letters); a typo in the
// trusted table would otherwise yield a manifest that silently trusts nobody.
const CHROMIUM_ID = /^[a-p]{32}$/;
// Firefox ids are either email-like or a braced GUID.
const FIREFOX_ID = /^(?:\{[0-9a-fA-F-]{36}\}|[^\s@]+@[^\s@]+)$/;

function base(launcherPath: string): HostManifestBase {
  // Chrome on Linux/macOS rejects relative paths, and a relative path on any OS would depend
  // on the browser's working directory; so the installer always writes an absolute one.
  if (!posix.isAbsolute(launcherPath) && !win32.isAbsolute(launcherPath)) {
    throw new Error(`host launcher path must be absolute: ${launcherPath}`);
  }
  return { name: HOST_NAME, description: HOST_DESCRIPTION, path: launcherPath, type: "stdio" };
}

function idsOf(family: ExtensionFamily, trusted: readonly TrustedExtension[]): string[] {
  const ids = trusted.filter((t) => t.family === family).map((t) => t.id);
  const pattern = family === "chromium" ? CHROMIUM_ID : FIREFOX_ID;
  for (const id of ids) {
    if (!pattern.test(id)) throw new Error(`malformed ${family} extension id: ${id}`);
  }
  if (ids.length === 0) throw new Error(`no trusted ${family} extension ids`);
  return ids;
}

export function chromiumHostManifest(launcherPath: string, trusted: readonly TrustedExtension[] = TRUSTED_EXTENSIONS): ChromiumHostManifest {
  return {
    ...base(launcherPath),
    // The trailing slash is part of the origin format Chrome matches against.
    allowed_origins: idsOf("chromium", trusted).map((id) => `chrome-extension://${id}/`),
  };
}

export function firefoxHostManifest(launcherPath: string, trusted: readonly TrustedExtension[] = TRUSTED_EXTENSIONS): FirefoxHostManifest {
  return { ...base(launcherPath), allowed_extensions: idsOf("firefox", trusted) };
}

export function hostManifestFor(family: ExtensionFamily, launcherPath: string, trusted: readonly TrustedExtension[] = TRUSTED_EXTENSIONS): HostManifest {
  return family === "chromium" ? chromiumHostManifest(launcherPath, trusted) : firefoxHostManifest(launcherPath, trusted);
}

export function serializeHostManifest(manifest: HostManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
