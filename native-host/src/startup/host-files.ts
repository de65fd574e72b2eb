/** The host's files beside its loader in dist/native-host (written by native-host/build.mjs). */
export const HOST_BUNDLE_FILE = "kep-host.bundle.cjs";
export const HOST_CODE_CACHE_FILE = "kep-host.code-cache";
