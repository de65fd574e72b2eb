import { useState } from "preact/hooks";
import { saveSettings, type Settings } from "../storage/settings.ts";
import { t } from "../ui/i18n.ts";
import { ModulesSection } from "./ModulesSection.tsx";
import { RootsSection } from "./RootsSection.tsx";
import { SupportSection } from "./SupportSection.tsx";
import { parseDays } from "./parse-days.ts";

/** Settings are saved as a whole on "Save"; custom library paths are saved at once. */
export function OptionsApp({ initial, save = saveSettings }: { initial: Settings; save?: (s: Settings) => Promise<void> }) {
  const [settings, setSettings] = useState(initial);
  const [warnDays, setWarnDays] = useState(String(initial.warnDays));
  const [notifyDays, setNotifyDays] = useState(initial.notifyDays.join(", "));
  const [saved, setSaved] = useState(false);
  const warn = parseDays(warnDays);
  const notify = parseDays(notifyDays);
  const valid = warn !== null && warn.length === 1 && notify !== null;

  const update = (next: Settings) => {
    setSettings(next);
    setSaved(false);
  };

  return (
    <main class="options">
      <h1>{t("optionsTitle")}</h1>
      <ModulesSection
        custom={settings.customModules}
        onCustom={async (customModules) => {
          const next = { ...settings, customModules };
          update(next);
          await save(next);
        }}
      />
      <RootsSection />
      <SupportSection />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!valid) return;
          const next = { ...settings, warnDays: warn[0]!, notifyDays: notify };
          update(next);
          void save(next).then(() => setSaved(true));
        }}
      >
        <section aria-labelledby="thresholds-title">
          <h2 id="thresholds-title">{t("optionsThresholds")}</h2>
          <label for="warn-days">{t("optionsWarnDays")}</label>
          <input id="warn-days" type="number" min={1} max={365} value={warnDays} onInput={(e) => setWarnDays(e.currentTarget.value)} />
          <label for="notify-days">{t("optionsNotifyDays")}</label>
          <input id="notify-days" type="text" value={notifyDays} onInput={(e) => setNotifyDays(e.currentTarget.value)} />
          {!valid && (
            <p class="notice notice-error" role="alert">
              {t("optionsInvalidDays")}
            </p>
          )}
        </section>
        <section aria-labelledby="language-title">
          <h2 id="language-title">{t("optionsLanguage")}</h2>
          <select
            id="language"
            aria-labelledby="language-title"
            value={settings.language}
            onChange={(e) => update({ ...settings, language: e.currentTarget.value as Settings["language"] })}
          >
            <option value="auto">{t("optionsLanguageAuto")}</option>
            <option value="ru">Русский</option>
            <option value="en">English</option>
          </select>
        </section>
        <div class="row">
          <button type="submit" class="primary" disabled={!valid}>
            {t("optionsSave")}
          </button>
          {saved && <span role="status">{t("optionsSaved")}</span>}
        </div>
      </form>
    </main>
  );
}
