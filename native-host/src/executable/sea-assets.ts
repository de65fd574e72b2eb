/** Names of the assets in the single-executable blob (see packaging/executable.ts). */
export const PROGRAM_ASSET = "kep-bridge.cjs";
export const PROGRAM_CODE_CACHE_ASSET = "kep-bridge.code-cache";
export const ADDON_ASSET = "pkcs11.node";
