import * as v from "valibot";
import browser from "webextension-polyfill";
import { Thumbprint } from "../../../shared/protocol/index.ts";
import type { AssistantStatus } from "../messaging/assistant.ts";
import { assistantStatus } from "./assistant-service.ts";
import { recordStep } from "./journal-recorder.ts";
import { callerOrigin } from "./gateway-origin.ts";
import { isAllowedOrigin } from "./origins.ts";

const AssistantMessageSchema = v.variant("kind", [
  v.object({ kind: v.literal("status") }),
  v.object({ kind: v.literal("openCleanup") }),
  v.object({
    kind: v.literal("step"),
    step: v.picklist([1, 2, 3, 4, 5]),
    page: v.pipe(v.string(), v.maxLength(64)),
    done: v.boolean(),
    current: v.optional(Thumbprint),
  }),
]);

/** Messages from the reissue assistant's content script, accepted only on the allowed sites. */
export async function handleAssistantMessage(message: unknown, sender: browser.Runtime.MessageSender): Promise<AssistantStatus | null> {
  const { origin } = await callerOrigin(sender);
  if (!sender.tab || !isAllowedOrigin(origin)) return null;
  const parsed = v.safeParse(AssistantMessageSchema, message);
  if (!parsed.success) return null;
  const message_ = parsed.output;
  if (message_.kind === "status") return assistantStatus();
  if (message_.kind === "step") {
    // The certificate being reissued is the one the CA revokes at step 4.
    await recordStep(message_.step, message_.page, message_.done, message_.step === 4 && message_.current ? { revokedThumbprint: message_.current } : {});
    return null;
  }
  await browser.tabs.create({ url: browser.runtime.getURL("src/popup/index.html#cleanup") });
  return null;
}
