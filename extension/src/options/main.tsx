import { render } from "preact";
import browser from "webextension-polyfill";
import { loadSettings } from "../storage/settings.ts";
import { applyLanguage } from "../popup/language.ts";
import { OptionsApp } from "./OptionsApp.tsx";

const settings = await loadSettings();
document.documentElement.lang = browser.i18n.getUILanguage();
await applyLanguage(settings.language);
document.title = browser.i18n.getMessage("optionsTitle");
render(<OptionsApp initial={settings} />, document.getElementById("app")!);
