/**
 * The background's view of the host's gateway session, and the redirect rules that follow it.
 * The host does not announce a session's end (sign-out, token removed, inactivity), so while one
 * runs the background asks gatewayStatus every few seconds; those calls also keep the native port,
 * and with it the host process that serves the gateway, from closing as idle.
 */
import browser from "webextension-polyfill";
import { rememberGatewayOrigin, runningGatewayOrigin } from "./gateway-origin.ts";
import { GATEWAY_RULE_IDS, gatewayRedirectRules, type RunningGateway } from "./gateway-redirect-rules.ts";
import { host } from "./host.ts";

/** How late the rules may follow a session's end: a cabinet address opened in between gets the gateway's "session ended" page. */
const STATUS_EVERY_MS = 3_000;

let watch: ReturnType<typeof setTimeout> | undefined;

async function applyRules(running: RunningGateway | null): Promise<void> {
  await browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: GATEWAY_RULE_IDS, addRules: gatewayRedirectRules(running) });
}

export async function gatewayStarted(running: RunningGateway): Promise<void> {
  await rememberGatewayOrigin(running.origin);
  await applyRules(running);
  scheduleCheck();
}

export async function gatewayEnded(): Promise<void> {
  clearTimeout(watch);
  watch = undefined;
  await rememberGatewayOrigin(null);
  await applyRules(null);
}

function scheduleCheck(): void {
  clearTimeout(watch);
  watch = setTimeout(() => void checkSession(), STATUS_EVERY_MS);
}

/**
 * A host that does not answer is asked again next time rather than taken for ended: a new host
 * process, which is what answers after the old one died, reports no session anyway.
 */
async function checkSession(): Promise<void> {
  const expected = await runningGatewayOrigin();
  if (expected === null) return gatewayEnded();
  let status;
  try {
    status = await host.call("gatewayStatus", {});
  } catch {
    return scheduleCheck();
  }
  if (status.running && status.origin === expected) return scheduleCheck();
  return gatewayEnded();
}

/**
 * A worker that starts has lost its native port, so a session it remembers is checked once more;
 * otherwise the rules for no session are put in place (session rules are gone after a browser restart).
 */
export async function restoreGatewayRules(): Promise<void> {
  if ((await runningGatewayOrigin()) === null) return applyRules(null);
  return checkSession();
}
