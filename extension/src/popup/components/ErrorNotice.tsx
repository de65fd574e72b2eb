import { describeError, type ErrorInfo } from "../../../../shared/protocol/errors.ts";
import { t, uiLang } from "../../ui/i18n.ts";

/** The user's message and what to do; the technical message stays in a tooltip for support. */
export function ErrorNotice({ error }: { error: ErrorInfo }) {
  const text = describeError(error, uiLang());
  return (
    <div class="notice notice-error" role="alert" data-code={error.code} title={error.message}>
      <p class="notice-message">{text.message}</p>
      <p class="notice-hint">
        <strong>{t("whatToDo")}</strong> {text.hint}
      </p>
    </div>
  );
}
