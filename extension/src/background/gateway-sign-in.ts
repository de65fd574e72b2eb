/**
 * Certificate sign-in to a GOST cabinet: the user picked a certificate in the popup; the
 * confirmation window shows the real cabinet host, the certificate and that the connection is
 * GOST TLS through kep-bridge, and takes the PIN; the host starts its gateway with the options
 * page's CA certificates as the trust anchors, and the cabinet opens in a tab.
 */
import browser from "webextension-polyfill";
import { gostCabinetByHost } from "../../../shared/gost-cabinets.ts";
import { KepError, type ErrorInfo, type ResultOf, type TokenRef } from "../../../shared/protocol/index.ts";
import { fromBase64 } from "../../../shared/encoding.ts";
import { parseCertificate } from "../../../shared/x509/index.ts";
import { listTrustedRoots } from "../storage/roots.ts";
import { requestConsent } from "./consent.ts";
import { daysLeftAt } from "./expiry-rules.ts";
import { rememberGatewayCertificate } from "./gateway-origin.ts";
import { gatewayStarted } from "./gateway-session.ts";
import { host } from "./host.ts";

/** A certificate this close to its end gets a warning in the window: the cabinet is where it is reissued. */
const EXPIRES_SOON_DAYS = 30;

const fail = (code: ErrorInfo["code"], message: string, details?: ErrorInfo["details"]) => new KepError(code, message, details);

export interface SignInRequest {
  host: string;
  token: TokenRef;
  certificate: string;
}

export async function signInToGostCabinet(request: SignInRequest, now = Date.now()): Promise<ResultOf<"gatewayStart">> {
  const cabinet = gostCabinetByHost(request.host);
  if (!cabinet) throw fail("ORIGIN_NOT_ALLOWED", `${request.host} is not a GOST cabinet`, { origin: `https://${request.host}` });
  const { tokens } = await host.call("listTokens", {});
  const token = tokens.find((t) => t.module === request.token.module && t.serial === request.token.serial);
  if (!token) throw fail("TOKEN_NOT_PRESENT", `token ${request.token.serial} is not inserted`, { serial: request.token.serial });
  const { certificates } = await host.call("listObjects", { token: request.token });
  const object = certificates.find((c) => c.thumbprint === request.certificate);
  if (!object) throw fail("CERT_NOT_FOUND", `certificate ${request.certificate} is not on the token`);
  if (!object.key) throw fail("KEY_NOT_FOUND", `the key of certificate ${request.certificate} is not on the token`);
  const roots = await listTrustedRoots();
  if (roots.length === 0) {
    throw fail("TLS_SERVER_UNTRUSTED", "no CA certificate in the options page's store", {
      subject: cabinet.host,
      problemRu: "В настройках kep-bridge нет ни одного сертификата УЦ.",
      problemEn: "kep-bridge's options hold no CA certificate.",
    });
  }
  const info = parseCertificate(fromBase64(object.der));
  const daysLeft = daysLeftAt(info.notAfter.getTime(), now);
  let started: ResultOf<"gatewayStart"> | undefined;
  await requestConsent(
    {
      origin: `https://${cabinet.host}`,
      operation: "signIn",
      token: { label: token.label, serial: token.serial, model: token.model },
      certificate: { owner: info.owner, issuer: info.issuerName, notAfter: info.notAfter.toISOString(), thumbprint: object.thumbprint },
      gateway: daysLeft <= EXPIRES_SOON_DAYS ? { expiresInDays: Math.max(0, daysLeft) } : {},
    },
    undefined,
    async (decision) => {
      if (!decision.pin) throw fail("PIN_INCORRECT", "no PIN typed");
      started = await host.call("gatewayStart", {
        host: cabinet.host,
        token: request.token,
        certificate: object.thumbprint,
        pin: decision.pin,
        trustAnchors: roots.map((r) => r.der),
      });
      // Before the first page of the session can ask for a signature: its window shows this certificate.
      await rememberGatewayCertificate(started.origin, { owner: info.owner, thumbprint: object.thumbprint });
      await gatewayStarted({ host: cabinet.host, origin: started.origin, redirectKey: started.redirectKey });
      await browser.tabs.create({ url: started.startUrl });
    },
  );
  return started!;
}
