import type { Overview } from "../messaging/ui-protocol.ts";
import { KepError, serializeError } from "../../../shared/protocol/index.ts";
import type { NativeHostClient } from "./native-host.ts";

/**
 * Everything the popup shows, in one answer: the host, its modules, every token and its
 * objects. A token whose objects cannot be read (pulled out mid-listing, say) is still
 * shown, with the error, instead of failing the whole view; so is a slot whose token is
 * not initialised or does not answer.
 */
export async function buildOverview(host: NativeHostClient): Promise<Overview> {
  const hello = await host.handshake();
  const { tokens, unusable = [], modules } = await host.call("listTokens", {});
  const entries = await Promise.all(
    tokens.map(async (token) => {
      try {
        return { token, objects: await host.call("listObjects", { token: { module: token.module, serial: token.serial } }) };
      } catch (error) {
        if (!(error instanceof KepError)) throw error;
        return { token, error: serializeError(error) };
      }
    }),
  );
  return { host: hello.host, modules, tokens: entries, unusable };
}
