import { render } from "preact";
import type { PopupModel } from "../messaging/popup-model.ts";
import { loadSettings } from "../storage/settings.ts";
import { runtimeApi, type PopupApi } from "./api.ts";
import { App } from "./App.tsx";
import { applyLanguage } from "./language.ts";

/** Renders the popup; `first` is the listing main.tsx already asked for, used on first render. */
export async function startPopup(first: Promise<PopupModel>): Promise<void> {
  let pending: Promise<PopupModel> | undefined = first;
  const api: PopupApi = {
    ...runtimeApi,
    load: () => {
      const answer = pending ?? runtimeApi.load();
      pending = undefined;
      return answer;
    },
  };
  document.documentElement.lang = chrome.i18n.getUILanguage();
  await applyLanguage((await loadSettings()).language);
  document.title = chrome.i18n.getMessage("popupTitle");
  render(<App api={api} now={() => new Date()} cleanupFirst={location.hash === "#cleanup"} />, document.getElementById("app")!);
}
