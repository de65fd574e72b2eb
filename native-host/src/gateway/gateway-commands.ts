/**
 * The host's gateway commands: one gateway at a time per host process, since the browser has
 * one user at the token. A new start ends the previous session first.
 */
import { gatewayOrigin, gostCabinetByHost } from "../../../shared/gost-cabinets.ts";
import type { RequestOf, ResultOf } from "../../../shared/protocol/index.ts";
import type { HostContext } from "../commands/context.ts";
import type { Gateway, StopReason } from "./gateway.ts";
import { connectOverrides } from "./connect-overrides.ts";
import { startTokenGateway } from "./token-gateway.ts";

interface Slot {
  gateway: Gateway | null;
  host?: string;
  certificate?: string;
  ended?: StopReason;
}

/** Kept per host context, so that a test's in-process host has its own. */
const slots = new WeakMap<HostContext, Slot>();

function slotOf(ctx: HostContext): Slot {
  let slot = slots.get(ctx);
  if (!slot) slots.set(ctx, (slot = { gateway: null }));
  return slot;
}

export async function gatewayStart(request: RequestOf<"gatewayStart">, ctx: HostContext): Promise<ResultOf<"gatewayStart">> {
  const slot = slotOf(ctx);
  await slot.gateway?.close();
  slot.gateway = null;
  const gateway = await startTokenGateway({
    registry: ctx.registry,
    sessions: ctx.sessions,
    thumbprint: request.certificate,
    token: request.token,
    pin: request.pin,
    host: request.host,
    trustAnchors: request.trustAnchors.map((b64) => new Uint8Array(Buffer.from(b64, "base64"))),
    log: ctx.log,
    ...(process.env["KEP_GATEWAY_CONNECT"] ? { connectTo: connectOverrides(process.env["KEP_GATEWAY_CONNECT"])! } : {}),
    onStop: (reason) => {
      slot.ended = reason;
    },
  });
  Object.assign(slot, { gateway, host: request.host, certificate: request.certificate, ended: undefined });
  ctx.log.info("gateway started", { host: request.host, port: gateway.port });
  return {
    startUrl: gateway.startUrl(request.host),
    origin: gatewayOrigin(gostCabinetByHost(request.host)!, gateway.port),
    redirectKey: gateway.redirectKey,
  };
}

export async function gatewayStop(_request: RequestOf<"gatewayStop">, ctx: HostContext): Promise<ResultOf<"gatewayStop">> {
  const slot = slotOf(ctx);
  const running = slot.gateway !== null && slot.gateway.stopReason === null;
  await slot.gateway?.stop("stopped");
  return { stopped: running };
}

export function gatewayStatus(_request: RequestOf<"gatewayStatus">, ctx: HostContext): Promise<ResultOf<"gatewayStatus">> {
  const { gateway, host, certificate, ended } = slotOf(ctx);
  if (!gateway || !host || !certificate) return Promise.resolve({ running: false });
  const running = gateway.stopReason === null;
  return Promise.resolve({
    running,
    host,
    certificate,
    ...(running ? { origin: gatewayOrigin(gostCabinetByHost(host)!, gateway.port), startedAt: gateway.startedAt, idleEndsAt: gateway.idleEndsAt } : {}),
    ...(ended ? { ended } : {}),
  });
}
