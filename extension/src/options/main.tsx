import { render } from "preact";
import { loadSettings } from "../storage/settings.ts";
import { applyLanguage } from "../popup/language.ts";
import { OptionsApp } from "./OptionsApp.tsx";

const settings = await loadSettings();
document.documentElement.lang = chrome.i18n.getUILanguage();
await applyLanguage(settings.language);
document.title = chrome.i18n.getMessage("optionsTitle");
render(<OptionsApp initial={settings} />, document.getElementById("app")!);
