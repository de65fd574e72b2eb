import { checkCompatibility, type Command, KepError, PROTOCOL_VERSION, type RequestOf, type ResultOf } from "../../../shared/protocol/index.ts";
import type { HostContext } from "./context.ts";
import { HOST_NAME, HOST_VERSION } from "./host-identity.ts";

export { HOST_NAME, HOST_VERSION };

async function handshake(request: RequestOf<"handshake">, ctx: HostContext): Promise<ResultOf<"handshake">> {
  const compatibility = checkCompatibility(request.protocol, PROTOCOL_VERSION);
  if (!compatibility.ok) {
    throw new KepError("VERSION_MISMATCH", `extension speaks ${request.protocol}, host ${PROTOCOL_VERSION}`, {
      host: PROTOCOL_VERSION,
      extension: request.protocol,
      update: compatibility.update,
    });
  }
  return {
    protocol: PROTOCOL_VERSION,
    host: { name: HOST_NAME, version: HOST_VERSION },
    modules: ctx.registry.statuses(),
    logFile: ctx.log.file,
  };
}

/**
 * The browser waits for the handshake on every host start, and most of the host (token
 * listing, ASN.1 schemas, TLS, CMS) is only needed by the commands after it: they are loaded
 * on the first of them (host cold start bench: the schema library alone costs ~70 ms to load).
 */
const loadOperations = () => import("./operation-handlers.ts");

export async function dispatch<C extends Command>(request: RequestOf<C>, ctx: HostContext): Promise<ResultOf<C>> {
  if (request.cmd === "handshake") return handshake(request as RequestOf<"handshake">, ctx) as Promise<ResultOf<C>>;
  const { handlers } = await loadOperations();
  return (handlers[request.cmd as Exclude<Command, "handshake">] as unknown as (r: RequestOf<C>, c: HostContext) => Promise<ResultOf<C>>)(request, ctx);
}
