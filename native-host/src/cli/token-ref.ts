import type { Lang, TokenRef } from "../../../shared/protocol/index.ts";
import { HostError } from "../errors.ts";
import { listTokens } from "../tokens/list-tokens.ts";
import type { CliContext } from "./context.ts";
import { invoke } from "./invoke.ts";
import { pick } from "./lang.ts";
import { readPin } from "./pin.ts";

/** The token named by --token SERIAL, or the only initialised token inserted. */
export async function resolveToken(ctx: CliContext, serial: string | undefined): Promise<TokenRef> {
  const { tokens } = await listTokens(ctx.registry);
  const matching = serial ? tokens.filter((t) => t.serial === serial) : tokens.filter((t) => t.initialized);
  if (matching.length === 1) return { module: matching[0]!.module, serial: matching[0]!.serial };
  if (matching.length === 0) {
    throw new HostError("TOKEN_NOT_PRESENT", serial ? `no token with serial ${serial}` : "no token inserted", { serial });
  }
  throw new HostError("BAD_REQUEST", tooMany(ctx.lang, matching.map((t) => t.serial)));
}

function tooMany(lang: Lang, serials: string[]): string {
  return pick(lang, `Вставлено несколько токенов; укажите --token (${serials.join(", ")})`, `Several tokens are inserted; pass --token (${serials.join(", ")})`);
}

export async function loginToken(ctx: CliContext, token: TokenRef): Promise<void> {
  await invoke(ctx, "login", { token, pin: await readPin(ctx.lang) });
}
