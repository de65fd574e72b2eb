import * as v from "valibot";
import browser from "webextension-polyfill";
import { AssistantRequestSchema, type AssistantStatus } from "../messaging/assistant.ts";
import { assistantStatus } from "./assistant-service.ts";
import { recordStep } from "./journal-recorder.ts";
import { callerOrigin } from "./gateway-origin.ts";
import { isAllowedOrigin } from "./origins.ts";

/** Messages from the reissue assistant's content script, accepted only on the allowed sites. */
export async function handleAssistantMessage(message: unknown, sender: browser.Runtime.MessageSender): Promise<AssistantStatus | null> {
  const { origin } = await callerOrigin(sender);
  if (!sender.tab || !isAllowedOrigin(origin)) return null;
  const parsed = v.safeParse(AssistantRequestSchema, message);
  if (!parsed.success) return null;
  const request = parsed.output;
  if (request.kind === "status") return assistantStatus();
  if (request.kind === "step") {
    // The certificate being reissued is the one the CA revokes at step 4.
    await recordStep(request.step, request.page, request.done, request.step === 4 && request.current ? { revokedThumbprint: request.current } : {});
    return null;
  }
  await browser.tabs.create({ url: browser.runtime.getURL("src/popup/index.html#cleanup") });
  return null;
}
