import { render } from "preact";
import browser from "webextension-polyfill";
import type { UiRequest, UiResponse } from "../messaging/ui-protocol.ts";
import { ConsentApp } from "./ConsentApp.tsx";

const id = new URLSearchParams(location.search).get("id") ?? "";
const send = <K extends UiRequest["kind"]>(request: Extract<UiRequest, { kind: K }>) => browser.runtime.sendMessage(request) as Promise<UiResponse<K>>;

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = browser.i18n.getMessage("consentTitle");
render(
  <ConsentApp
    load={() => send({ kind: "consentDetails", id })}
    decide={(approved, pin) => send({ kind: "consentDecision", id, approved, ...(pin ? { pin } : {}) })}
    close={() => window.close()}
  />,
  document.getElementById("app")!,
);
