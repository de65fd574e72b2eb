import { closeSync, openSync, readSync, writeFileSync } from "node:fs";
import { MAX_CHUNK_BYTES } from "../../../shared/protocol/index.ts";
import type { Args } from "./args.ts";
import type { CliContext } from "./context.ts";
import { invoke } from "./invoke.ts";
import { pick } from "./lang.ts";
import { loginToken, resolveToken } from "./token-ref.ts";

/** Signs a file through the same chunked protocol the extension uses, one chunk in memory at a time. */
export async function signCommand(ctx: CliContext, args: Args): Promise<number> {
  const input = args.require("in");
  const detached = !args.has("attached");
  const output = args.get("out") ?? `${input}.sig`;
  const token = await resolveToken(ctx, args.get("token"));
  await loginToken(ctx, token);
  const { signId } = await invoke(ctx, "signStart", { token, certificate: args.require("cert").toUpperCase(), detached });
  const fd = openSync(input, "r");
  try {
    const buffer = Buffer.alloc(MAX_CHUNK_BYTES);
    for (let seq = 0; ; seq++) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      await invoke(ctx, "signChunk", { signId, seq, data: buffer.subarray(0, read).toString("base64") });
    }
  } catch (error) {
    await invoke(ctx, "signAbort", { signId }).catch(() => undefined);
    throw error;
  } finally {
    closeSync(fd);
  }
  const result = await invoke(ctx, "signFinish", { signId });
  writeFileSync(output, Buffer.from(result.cms, "base64"));
  if (ctx.json) console.log(JSON.stringify({ output, digest: result.digest, size: result.size, detached }, null, 2));
  else console.log(pick(ctx.lang, `Подпись (${detached ? "открепленная" : "присоединённая"}) сохранена: ${output}`, `${detached ? "Detached" : "Attached"} signature saved: ${output}`));
  return 0;
}
