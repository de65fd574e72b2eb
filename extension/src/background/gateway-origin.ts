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
const CERTIFICATE_KEY = "gatewayCertificate";

/** The certificate a gateway session signed in with, as the confirmation window of its sign-in showed it. */
export interface GatewayCertificate {
  owner: string;
  thumbprint: string;
}

export async function rememberGatewayOrigin(origin: string | null): Promise<void> {
  await browser.storage.session.set({ [KEY]: origin });
}

export async function runningGatewayOrigin(): Promise<string | null> {
  const stored: unknown = (await browser.storage.session.get(KEY))[KEY];
  return typeof stored === "string" ? stored : null;
}

/**
 * Kept with the gateway origin it belongs to, so a record left from an ended session never
 * describes another: it counts only while that origin is the running one.
 */
export async function rememberGatewayCertificate(origin: string, certificate: GatewayCertificate): Promise<void> {
  await browser.storage.session.set({ [CERTIFICATE_KEY]: { origin, ...certificate } });
}

/** The certificate of the session running at `origin`, if the sign-in recorded it. */
export async function gatewayCertificate(origin: string): Promise<GatewayCertificate | null> {
  const stored = (await browser.storage.session.get(CERTIFICATE_KEY))[CERTIFICATE_KEY] as Partial<GatewayCertificate & { origin: string }> | undefined;
  if (stored?.origin !== origin || typeof stored.owner !== "string" || typeof stored.thumbprint !== "string") return null;
  return { owner: stored.owner, thumbprint: stored.thumbprint };
}

export interface CallerOrigin {
  origin: string | null;
  /** The page came through kep-bridge's GOST gateway; the certificate it signed in with, when known. */
  gateway?: { certificate: GatewayCertificate | null };
}

export async function callerOrigin(sender: browser.Runtime.MessageSender): Promise<CallerOrigin> {
  const origin = (sender as { origin?: string }).origin ?? originOf(sender.url);
  if (origin === null || !origin.startsWith("http://")) return { origin };
  const cabinet = gostCabinetOfGatewayHost(new URL(origin).hostname);
  if (!cabinet) return { origin };
  if ((await runningGatewayOrigin()) !== origin) return { origin: null };
  return { origin: `https://${cabinet.host}`, gateway: { certificate: await gatewayCertificate(origin) } };
}
