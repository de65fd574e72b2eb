/**
 * Where https://<GOST cabinet>/ leads while no gateway session runs (the browser itself cannot
 * open it): why, and the popup's certificate sign-in right here.
 */
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import browser from "webextension-polyfill";
import { gostCabinetByHost } from "../../../shared/gost-cabinets.ts";
import type { ErrorInfo } from "../../../shared/protocol/index.ts";
import { serializeError } from "../../../shared/protocol/kep-error.ts";
import type { PopupModel } from "../messaging/popup-model.ts";
import { runtimeApi } from "../popup/api.ts";
import { signInToCabinet } from "../popup/cabinet-api.ts";
import { CabinetSignIn } from "../popup/components/CabinetSignIn.tsx";
import { ErrorNotice } from "../popup/components/ErrorNotice.tsx";
import { t, uiLang } from "../ui/i18n.ts";

function CabinetExplanation({ host }: { host: string }) {
  const [model, setModel] = useState<PopupModel | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  useEffect(() => {
    runtimeApi.load().then(setModel, (e: unknown) => setError(serializeError(e)));
  }, []);
  const cabinet = gostCabinetByHost(host);
  return (
    <main data-testid="cabinet-explanation">
      <h1>{t("cabinetExplainTitle")}</h1>
      <p>{t("cabinetExplainText", cabinet ? `${cabinet.name[uiLang()]} (https://${cabinet.host})` : host)}</p>
      {model && <CabinetSignIn tokens={model.tokens} now={new Date()} signIn={signInToCabinet} {...(cabinet ? { initialHost: cabinet.host } : {})} />}
      {error && <ErrorNotice error={error} />}
    </main>
  );
}

document.documentElement.lang = browser.i18n.getUILanguage();
render(<CabinetExplanation host={new URLSearchParams(location.search).get("host") ?? ""} />, document.getElementById("app")!);
