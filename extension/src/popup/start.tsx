import { render } from "preact";
import browser from "webextension-polyfill";
import type { PopupModel } from "../messaging/popup-model.ts";
import { writeCachedPopupModel } from "../storage/popup-cache.ts";
import type { Settings } from "../storage/settings.ts";
import { runtimeApi, type PopupApi } from "./api.ts";
import { App } from "./App.tsx";
import { applyLanguage } from "./language.ts";

/** What first-reads.ts asked for while the UI's modules loaded. */
export interface FirstReads {
  fresh: Promise<PopupModel>;
  cached: Promise<PopupModel | null>;
  settings: Promise<Settings>;
}

/**
 * Renders the popup: from the cached model when there is one, marked as refreshing with its
 * actions disabled, then from the fresh one. Every fresh model replaces the cache.
 */
export async function startPopup({ fresh, cached, settings }: FirstReads): Promise<void> {
  let pending: Promise<PopupModel> | undefined = fresh;
  const api: PopupApi = {
    ...runtimeApi,
    load: () => {
      const answer = pending ?? runtimeApi.load();
      pending = undefined;
      return answer.then((model) => {
        // After this model's render (stringifying it takes a few ms); a cache that cannot be
        // written only costs the next popup its head start.
        setTimeout(() => void writeCachedPopupModel(model).catch(() => undefined));
        return model;
      });
    },
  };
  // The reissue assistant's #cleanup opens the cleanup dialog at once, which needs the fresh model.
  const cleanupFirst = location.hash === "#cleanup";
  const known = cleanupFirst ? null : await firstOf(cached, fresh);
  document.documentElement.lang = browser.i18n.getUILanguage();
  await applyLanguage((await settings).language);
  document.title = browser.i18n.getMessage("popupTitle");
  render(<App api={api} now={() => new Date()} cleanupFirst={cleanupFirst} cached={known} />, document.getElementById("app")!);
}

/** The cached model, unless the fresh one is already here (or the cache cannot be read): then none is needed. */
function firstOf(cached: Promise<PopupModel | null>, fresh: Promise<PopupModel>): Promise<PopupModel | null> {
  const settled = fresh.then(
    () => null,
    () => null,
  );
  return Promise.race([settled, cached.catch(() => null)]);
}
