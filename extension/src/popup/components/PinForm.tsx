import { useState } from "preact/hooks";
import { t } from "../../ui/i18n.ts";

/** PIN entry in the extension's own UI; the PIN goes to the host's login and nowhere else. */
export function PinForm({ id, onPin, disabled }: { id: string; onPin: (pin: string) => void; disabled?: boolean }) {
  const [pin, setPin] = useState("");
  return (
    <form
      class="pin-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (pin.length >= 4) onPin(pin);
      }}
    >
      <label for={id}>{t("pinLabel")}</label>
      <input
        id={id}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        minLength={4}
        maxLength={64}
        value={pin}
        onInput={(e) => setPin(e.currentTarget.value)}
      />
      <button type="submit" disabled={disabled || pin.length < 4}>
        {t("pinSubmit")}
      </button>
    </form>
  );
}
