import browser from "webextension-polyfill";
import type { PopupModel } from "../messaging/popup-model.ts";

/**
 * The last popup model, so an opened popup can show the list at once while the host is asked
 * again. Kept in storage.session rather than IndexedDB: the model names certificate
 * owners (personal data), and session storage lives in memory only, is gone when the browser
 * closes or the extension is updated (so a model of an older layout is never read back), and
 * is closed to content scripts unless the extension opens it. IndexedDB would read it faster
 * once open (about 1.5 ms against 4.5 ms here), but would keep those names on disk.
 *
 * Stored as one JSON string: Chrome converts an object value field by field, which took about
 * 19 ms for the 260 KB model of 3 tokens × 16 certificates; a string crosses in one piece.
 */
const KEY = "popupModel";

export async function readCachedPopupModel(): Promise<PopupModel | null> {
  const stored = (await browser.storage.session.get(KEY))[KEY] as string | undefined;
  return stored === undefined ? null : (JSON.parse(stored) as PopupModel);
}

export async function writeCachedPopupModel(model: PopupModel): Promise<void> {
  await browser.storage.session.set({ [KEY]: JSON.stringify(model) });
}
