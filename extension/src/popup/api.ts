import type { DeleteItem, ErrorInfo, TokenRef } from "../../../shared/protocol/index.ts";
import type { CleanupReport, PopupModel } from "../messaging/popup-model.ts";
import type { UiKind, UiRequestOf, UiResponse, UiResults } from "../messaging/ui-protocol.ts";

/** A failed UI request, carrying the protocol error the background answered with. */
export class UiError extends Error {
  constructor(readonly info: ErrorInfo) {
    super(info.message);
  }
}

export function errorInfo(error: unknown): ErrorInfo {
  return error instanceof UiError ? error.info : { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) };
}

export async function send<K extends UiKind>(request: UiRequestOf<K>): Promise<UiResults[K]> {
  const response = (await chrome.runtime.sendMessage(request)) as UiResponse<K>;
  if (!response.ok) throw new UiError(response.error);
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
