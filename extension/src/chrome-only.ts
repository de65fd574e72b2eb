/**
 * The one module that calls the `chrome` namespace: what webextension-polyfill does not
 * carry. Everything else calls the browser through the polyfill's `browser`, and the lint
 * configuration refuses `chrome` anywhere but here.
 */

/**
 * Why a native port closed, in Chrome: runtime.lastError, readable only while onDisconnect
 * runs, which the polyfill does not pass on. Firefox puts the reason on the port instead.
 */
export function nativePortLastError(): string | undefined {
  return chrome.runtime.lastError?.message;
}

export interface BasicNotification {
  type: "basic";
  iconUrl: string;
  title: string;
  message: string;
}

/** A notification with Chrome's buttons and staying on screen; Firefox's schema rejects both, so it throws there. */
export async function createNotificationWithButtons(id: string, options: BasicNotification, buttons: string[], requireInteraction: boolean): Promise<void> {
  await chrome.notifications.create(id, { ...options, buttons: buttons.map((title) => ({ title })), requireInteraction });
}

/** Clicks on Chrome's notification buttons (Firefox shows none, so this never fires there). */
export function onNotificationButtonClicked(listener: (id: string, button: number) => void): void {
  chrome.notifications.onButtonClicked.addListener(listener);
}
