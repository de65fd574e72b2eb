import browser from "webextension-polyfill";
import { NATIVE_HOST_NAME, NativeHostClient } from "./native-host.ts";

/** The worker's one connection to the native host, shared by every router. */
export const host = new NativeHostClient({
  connect: () => browser.runtime.connectNative(NATIVE_HOST_NAME),
  // Firefox puts the reason on the port. Chrome puts it in lastError only while onDisconnect
  // runs; the polyfill does not carry it over, so read it from chrome directly.
  disconnectReason: (port) => port.error?.message ?? chrome.runtime.lastError?.message,
  clientVersion: browser.runtime.getManifest().version,
});
