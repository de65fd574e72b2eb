import { KepError, type Lang, type TokenRef } from "../../../shared/protocol/index.ts";
import { listTokens } from "../tokens/list-tokens.ts";
import { CliError } from "./args.ts";
import type { CliContext } from "./context.ts";
import { invoke } from "./invoke.ts";
import { pick } from "./lang.ts";
import { readPin } from "./pin.ts";
import { describeUnusable } from "./unusable-slot.ts";

/** The token named by --token SERIAL, or the only usable token inserted. */
export async function resolveToken(ctx: CliContext, serial: string | undefined): Promise<TokenRef> {
  const { tokens, unusable } = await listTokens(ctx.registry);
  const matching = serial ? tokens.filter((t) => t.serial === serial) : tokens;
  if (matching.length === 1) return { module: matching[0]!.module, serial: matching[0]!.serial };
  if (matching.length === 0) {
    // Say why the token the user sees in the slot cannot be used, rather than "not inserted".
    const odd = serial ? unusable.filter((s) => s.serial === serial) : unusable;
    if (odd.length > 0) throw new CliError(odd.map((s) => describeUnusable(s, ctx.lang)).join("\n"));
    throw new KepError("TOKEN_NOT_PRESENT", serial ? `no token with serial ${serial}` : "no token inserted", { serial });
  }
  throw new KepError(
    "BAD_REQUEST",
    tooMany(
      ctx.lang,
      matching.map((t) => t.serial),
    ),
  );
}

function tooMany(lang: Lang, serials: string[]): string {
  return pick(
    lang,
    `Вставлено несколько токенов; укажите --token (${serials.join(", ")})`,
    `Several tokens are inserted; pass --token (${serials.join(", ")})`,
  );
}

export async function loginToken(ctx: CliContext, token: TokenRef): Promise<void> {
  await invoke(ctx, "login", { token, pin: await readPin(ctx.lang) });
}
