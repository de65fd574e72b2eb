/**
 * The caller's origin as the page API, the assistant and the confirmation window should see it.
 * A page on the origin of the gateway kep-bridge's host runs now
 * (http://lkipgost2.nalog.ru.localhost:PORT) is the real cabinet, https://lkipgost2.nalog.ru,
 * reached over GOST TLS through kep-bridge; the same name on any other port is some other local
 * server and is nobody.
 */
import browser from "webextension-polyfill";
import { gostCabinetOfGatewayHost } from "../../../shared/gost-cabinets.ts";
import { originOf } from "./origins.ts";

/** In session storage, so a restarted service worker still knows it, and the next browser start does not. */
const KEY = "gatewayOrigin";

export async function rememberGatewayOrigin(origin: string | null): Promise<void> {
  await browser.storage.session.set({ [KEY]: origin });
}

export async function runningGatewayOrigin(): Promise<string | null> {
  const stored: unknown = (await browser.storage.session.get(KEY))[KEY];
  return typeof stored === "string" ? stored : null;
}

export interface CallerOrigin {
  origin: string | null;
  /** The page came through kep-bridge's GOST gateway. */
  viaGateway: boolean;
}

export async function callerOrigin(sender: browser.Runtime.MessageSender): Promise<CallerOrigin> {
  const origin = (sender as { origin?: string }).origin ?? originOf(sender.url);
  if (origin === null || !origin.startsWith("http://")) return { origin, viaGateway: false };
  const cabinet = gostCabinetOfGatewayHost(new URL(origin).hostname);
  if (!cabinet) return { origin, viaGateway: false };
  return (await runningGatewayOrigin()) === origin ? { origin: `https://${cabinet.host}`, viaGateway: true } : { origin: null, viaGateway: false };
}
