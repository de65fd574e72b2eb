/**
 * The extension ids allowed to start the native host. This table is the only place ids
 * live: host manifests for every browser and OS are generated from it.
 *
 * Adding a store build is one line here. Chrome Web Store, Edge Add-ons and addons.mozilla.org
 * each assign their own id when the extension is first uploaded (store builds drop the dev
 * `key` from extension/manifest.config.ts, so their id differs from the development one).
 * Yandex Browser installs from the Chrome Web Store or Opera add-ons, so it needs no row of
 * its own beyond those stores' ids. The Chrome Web Store has not assigned an id yet; until
 * its row is here, `npm run package` needs `--trust-extension <id>`.
 */

/** Chromium-family manifests list origins (`allowed_origins`); Firefox lists add-on ids. */
export type ExtensionFamily = "chromium" | "firefox";

export interface TrustedExtension {
  readonly family: ExtensionFamily;
  readonly id: string;
  /**
   * Which installs trust it: "development" ones (npm run install-host from a clone, tests)
   * trust every row; packages trust only "store" rows (packaging/production-trust.ts).
   */
  readonly channels: readonly TrustChannel[];
  /** Where this id comes from, for the README and for reviewers of this table. */
  readonly source: string;
}

export type TrustChannel = "development" | "store";

/**
 * The Firefox build's `browser_specific_settings.gecko.id`. Firefox ids are chosen by the
 * author, not assigned by a store, so development and addons.mozilla.org builds share it.
 */
export const FIREFOX_ADDON_ID = "kep-bridge@kepbridge.ru";

export const TRUSTED_EXTENSIONS: readonly TrustedExtension[] = [
  {
    family: "chromium",
    id: "ndkcibfpbpclokaippfdmhggipaeolnm",
    channels: ["development"],
    source: "development build (fixed by the dev key in extension/manifest.config.ts)",
  },
  {
    family: "firefox",
    id: FIREFOX_ADDON_ID,
    channels: ["development", "store"],
    source: "browser_specific_settings.gecko.id in extension/manifest.config.ts (development and AMO builds)",
  },
];
