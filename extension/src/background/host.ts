import browser from "webextension-polyfill";
import { nativePortLastError } from "../chrome-only.ts";
import { NATIVE_HOST_NAME, NativeHostClient } from "./native-host.ts";

/** The worker's one connection to the native host, shared by every router. */
export const host = new NativeHostClient({
  connect: () => browser.runtime.connectNative(NATIVE_HOST_NAME),
  // Firefox puts the reason on the port; Chrome only in lastError while onDisconnect runs.
  disconnectReason: (port) => port.error?.message ?? nativePortLastError(),
  clientVersion: browser.runtime.getManifest().version,
});
