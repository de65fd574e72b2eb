import type { TokenInfo } from "../../../../shared/protocol/index.ts";
import { t } from "../../ui/i18n.ts";

/** The token's PIN counter as the token reports it: ok, few tries, final try, locked. */
export function PinState({ pin }: { pin: TokenInfo["pin"] }) {
  if (pin.locked)
    return (
      <p class="pin pin-locked notice notice-error" data-pin="locked">
        {t("pinLocked")}
      </p>
    );
  if (pin.finalTry)
    return (
      <p class="pin pin-final notice notice-warn" data-pin="finalTry">
        {t("pinFinalTry")}
      </p>
    );
  if (pin.countLow)
    return (
      <p class="pin pin-low notice notice-warn" data-pin="countLow">
        {t("pinCountLow")}
      </p>
    );
  return (
    <p class="pin pin-ok muted" data-pin="ok">
      {t("pinOk")}
    </p>
  );
}
