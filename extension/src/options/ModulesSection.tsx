import { useEffect, useState } from "preact/hooks";
import type { ErrorInfo, ResultOf } from "../../../shared/protocol/index.ts";
import { serializeError } from "../../../shared/protocol/kep-error.ts";
import { send } from "../popup/api.ts";
import { ErrorNotice } from "../popup/components/ErrorNotice.tsx";
import { t } from "../ui/i18n.ts";

/**
 * Libraries the host found, and paths the user adds. "Test" asks the host to list tokens
 * now, which reports every library with whether it loaded and how many tokens it sees.
 */
export function ModulesSection({ custom, onCustom }: { custom: string[]; onCustom: (paths: string[]) => Promise<void> }) {
  const [result, setResult] = useState<ResultOf<"listTokens"> | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [testing, setTesting] = useState(false);
  const [path, setPath] = useState("");
  /** A path typed in, waiting for the user to confirm loading it. */
  const [pending, setPending] = useState<string | null>(null);

  const test = async () => {
    setTesting(true);
    setError(null);
    try {
      setResult(await send({ kind: "modules" }));
    } catch (e) {
      setError(serializeError(e));
    } finally {
      setTesting(false);
    }
  };

  // The host loads the user's libraries from its own config, so a change is sent to it at
  // once and the list shows straight away whether each path loaded. A path the host
  // refuses (a library others could have planted) is not kept here either.
  const changeCustom = async (paths: string[]) => {
    let refused: ErrorInfo | null = null;
    try {
      await send({ kind: "setModules", modules: paths });
      await onCustom(paths);
    } catch (e) {
      refused = serializeError(e);
    }
    await test();
    if (refused) setError(refused);
  };

  // The detected list is what the user came for: fetch it on open, "test" fetches it again.
  useEffect(() => void test(), []);

  return (
    <section aria-labelledby="modules-title">
      <h2 id="modules-title">{t("optionsModules")}</h2>
      <div class="row">
        <strong>{t("optionsDetected")}</strong>
        <button type="button" class="test-modules" onClick={() => void test()} disabled={testing}>
          {testing ? t("optionsTesting") : t("optionsTest")}
        </button>
      </div>
      {error && <ErrorNotice error={error} />}
      {result && (
        <ul class="module-list">
          {result.modules.map((m) => (
            <li key={m.path} data-loaded={m.loaded}>
              <span>{m.name}</span>
              <span class="path">{m.path}</span>
              {m.loaded ? (
                <span class="module-ok">{t("optionsModuleLoaded", result.tokens.filter((tk) => tk.module === m.path).length)}</span>
              ) : (
                <span class="module-failed" title={m.error?.message}>
                  {t("optionsModuleFailed")}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <h3>{t("optionsCustom")}</h3>
      <p class="muted">{t("optionsCustomNote")}</p>
      <ul class="module-list">
        {custom.map((p) => (
          <li key={p}>
            <span class="path">{p}</span>
            <button type="button" onClick={() => void changeCustom(custom.filter((c) => c !== p))}>
              {t("optionsRemove")}
            </button>
          </li>
        ))}
      </ul>
      {pending !== null && (
        <div class="notice notice-error" role="alertdialog" aria-labelledby="module-confirm-text">
          <p id="module-confirm-text">{t("optionsModuleConfirm", pending)}</p>
          <div class="row">
            <button
              type="button"
              class="danger"
              onClick={() => {
                setPending(null);
                void changeCustom([...custom, pending]);
              }}
            >
              {t("optionsModuleConfirmLoad")}
            </button>
            <button type="button" onClick={() => setPending(null)}>
              {t("cancel")}
            </button>
          </div>
        </div>
      )}
      <form
        class="row"
        onSubmit={(event) => {
          event.preventDefault();
          // A library runs with the user's rights and sees the PIN: adding one is confirmed here, in extension UI.
          const trimmed = path.trim();
          if (trimmed && !custom.includes(trimmed)) setPending(trimmed);
          setPath("");
        }}
      >
        <input type="text" aria-label={t("optionsAddPath")} placeholder={t("optionsAddPath")} value={path} onInput={(e) => setPath(e.currentTarget.value)} />
        <button type="submit" disabled={!path.trim()}>
          {t("optionsAdd")}
        </button>
      </form>
    </section>
  );
}
