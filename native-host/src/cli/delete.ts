import { writeFileSync } from "node:fs";
import type { DeleteItem } from "../../../shared/protocol/index.ts";
import { describeError } from "../../../shared/protocol/index.ts";
import { UsageError, type Args } from "./args.ts";
import type { CliContext } from "./context.ts";
import { invoke } from "./invoke.ts";
import { pick } from "./lang.ts";
import { loginToken, resolveToken } from "./token-ref.ts";

/** Deletes certificates (--cert THUMBPRINT) and key pairs (--key CKA_ID); deleted certificates are saved to --backup DIR. */
export async function deleteCommand(ctx: CliContext, args: Args): Promise<number> {
  const items: DeleteItem[] = [
    ...args.all("cert").map((thumbprint): DeleteItem => ({ kind: "certificate", thumbprint: thumbprint.toUpperCase() })),
    ...args.all("key").map((id): DeleteItem => ({ kind: "keyPair", id: id.toLowerCase() })),
  ];
  if (items.length === 0) throw new UsageError("--cert or --key", true);
  const token = await resolveToken(ctx, args.get("token"));
  await loginToken(ctx, token);
  const result = await invoke(ctx, "deleteObjects", { token, items, ...(args.has("force") ? { force: true } : {}) });
  const backup = args.get("backup") ?? ".";
  for (const { item, der } of result.deleted) {
    if (item.kind === "certificate" && der) writeFileSync(`${backup}/${item.thumbprint}.cer`, Buffer.from(der, "base64"));
  }
  if (ctx.json) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    for (const { item } of result.deleted) {
      const name = item.kind === "certificate" ? pick(ctx.lang, `сертификат ${item.thumbprint}`, `certificate ${item.thumbprint}`) : pick(ctx.lang, `ключевая пара ${item.id}`, `key pair ${item.id}`);
      console.log(pick(ctx.lang, `удалено: ${name}`, `deleted: ${name}`));
    }
    for (const { item, error } of result.notDeleted) {
      const name = item.kind === "certificate" ? item.thumbprint : item.id;
      console.log(pick(ctx.lang, `НЕ удалено: ${name} — ${describeError(error, ctx.lang).message}`, `NOT deleted: ${name} — ${describeError(error, ctx.lang).message}`));
    }
  }
  return result.notDeleted.length ? 1 : 0;
}
