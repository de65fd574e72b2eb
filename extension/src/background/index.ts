import browser from "webextension-polyfill";
import { handleAssistantMessage } from "./assistant-router.ts";
import { registerExpiryWatch } from "./expiry-watch.ts";
import { restoreGatewayRules } from "./gateway-session.ts";
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

// Session rules do not outlive the browser, and a worker that starts has no native port, so
// every start (the browser's included) puts the cabinets' redirects in step with what the host runs now.
// The listener is what makes the browser start the worker at its own start-up; the work is this one call.
const gatewayRulesRestored = restoreGatewayRules();
browser.runtime.onStartup.addListener(() => void gatewayRulesRestored);
