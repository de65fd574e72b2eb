import browser from "webextension-polyfill";
import type { DeleteItem, TokenRef } from "../../../shared/protocol/index.ts";
import { deserializeError } from "../../../shared/protocol/kep-error.ts";
import type { CleanupReport, PopupModel } from "../messaging/popup-model.ts";
import type { UiKind, UiRequestOf, UiResponse, UiResults } from "../messaging/ui-protocol.ts";

export async function send<K extends UiKind>(request: UiRequestOf<K>): Promise<UiResults[K]> {
  const response = (await browser.runtime.sendMessage(request)) as UiResponse<K>;
  if (!response.ok) throw deserializeError(response.error);
  return response.result;
}

/** What the popup asks the background for; tests pass their own. */
export interface PopupApi {
  load(): Promise<PopupModel>;
  login(token: TokenRef, pin: string): Promise<void>;
  cleanup(token: TokenRef, items: DeleteItem[], force: boolean): Promise<CleanupReport>;
  restore(token: TokenRef, thumbprint: string): Promise<{ written: boolean }>;
}

export const runtimeApi: PopupApi = {
  load: () => send({ kind: "popup" }),
  login: async (token, pin) => void (await send({ kind: "login", token, pin })),
  cleanup: (token, items, force) => send({ kind: "cleanup", token, items, ...(force ? { force } : {}) }),
  restore: (token, thumbprint) => send({ kind: "restore", token, thumbprint }),
};
