import { homedir } from "node:os";
import { getAsset } from "node:sea";
import { addonCacheDir } from "./cache-dir.ts";
import { privateAddonFile } from "./private-addon-file.ts";
import { ADDON_ASSET } from "./sea-assets.ts";

/** Set by the packaging build; the SHA-256 (hex) of the pkcs11js addon it embedded. */
declare const __KEP_ADDON_SHA256__: string;

/**
 * Stands in for pkcs11js's `require("./build/Release/pkcs11.node")` inside the single
 * executable: a native addon can only be loaded from a file, so the embedded copy is
 * written to the user's private cache first.
 */
export function loadEmbeddedAddon(): unknown {
  const file = privateAddonFile(
    new Uint8Array(getAsset(ADDON_ASSET)),
    __KEP_ADDON_SHA256__,
    addonCacheDir(process.platform, process.env, homedir()),
    process.platform !== "win32",
  );
  const addon = { exports: {} as unknown };
  process.dlopen(addon, file);
  return addon.exports;
}
