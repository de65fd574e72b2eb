import browser from "webextension-polyfill";
import { handleAssistantMessage } from "./assistant-router.ts";
import { registerExpiryWatch } from "./expiry-watch.ts";
import { handlePageMessage } from "./page-router.ts";
import { handleUiMessage } from "./ui-router.ts";

/** Only the extension's own pages may use the UI channel; sites get the page channel. */
function fromOwnPage(sender: browser.Runtime.MessageSender): boolean {
  return sender.id === browser.runtime.id && (sender.url ?? "").startsWith(browser.runtime.getURL(""));
}

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
  if (fromOwnPage(sender)) return handleUiMessage(message);
  const channel = (message as { channel?: unknown } | null)?.channel;
  if (channel === "page") return handlePageMessage(message, sender);
  if (channel === "assistant") return handleAssistantMessage(message, sender);
  return undefined;
});

registerExpiryWatch();
