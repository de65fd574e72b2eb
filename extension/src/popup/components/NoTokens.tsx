import browser from "webextension-polyfill";
import type { ModuleStatus } from "../../../../shared/protocol/index.ts";
import { t } from "../../ui/i18n.ts";

/** No token found: what to check, in order; a missing driver is named when no library loaded. */
export function NoTokens({ modules }: { modules: ModuleStatus[] }) {
  const noDriver = !modules.some((m) => m.loaded);
  return (
    <div class="notice" data-testid="no-tokens">
      <p class="notice-message">{t("noTokens")}</p>
      <ol class="guide">
        <li>{t("noTokensHint")}</li>
        {noDriver && <li data-testid="no-driver">{t("noDriverHint")}</li>}
        <li>
          {t("noTokensOptionsHint")}{" "}
          <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
            {t("openOptions")}
          </button>
        </li>
      </ol>
    </div>
  );
}
