import { fromBase64 } from "../../../shared/encoding.ts";
import type { DeleteItem, TokenRef } from "../../../shared/protocol/index.ts";
import { describeError } from "../../../shared/protocol/index.ts";
import type { Args } from "./args.ts";
import { UsageError } from "./usage-error.ts";
import { CertificateBackup } from "./certificate-backup.ts";
import type { CliContext } from "./context.ts";
import { invoke } from "./invoke.ts";
import { pick } from "./lang.ts";
import { loginToken, resolveToken } from "./token-ref.ts";

const thumbprints = (items: DeleteItem[]) => items.flatMap((i) => (i.kind === "certificate" ? [i.thumbprint] : []));

/**
 * Deletes certificates (--cert THUMBPRINT) and key pairs (--key CKA_ID). Every certificate
 * is copied to --backup DIR (default: the current folder) and flushed to disk before the
 * token is asked to delete anything; a folder that cannot be made stops the command first.
 */
export async function deleteCommand(ctx: CliContext, args: Args): Promise<number> {
  const items: DeleteItem[] = [
    ...args.all("cert").map((thumbprint): DeleteItem => ({ kind: "certificate", thumbprint: thumbprint.toUpperCase() })),
    ...args.all("key").map((id): DeleteItem => ({ kind: "keyPair", id: id.toLowerCase() })),
  ];
  if (items.length === 0) throw UsageError.missing("--cert or --key");
  const backup = CertificateBackup.open(args.get("backup") ?? ".", ctx.lang);
  const token = await resolveToken(ctx, args.get("token"));
  await loginToken(ctx, token);

  const picked = new Set(thumbprints(items));
  const { certificates } = await invoke(ctx, "listObjects", { token });
  backup.save(
    certificates.filter((c) => picked.has(c.thumbprint)).map((c) => ({ thumbprint: c.thumbprint, der: fromBase64(c.der) })),
    ctx.lang,
  );

  let result;
  try {
    result = await invoke(ctx, "deleteObjects", { token, items, ...(args.has("force") ? { force: true } : {}) });
  } catch (error) {
    await discardWhatIsStillThere(ctx, token, backup);
    throw error;
  }
  backup.discard(thumbprints(result.notDeleted.map((n) => n.item)));

  if (ctx.json) {
    console.log(JSON.stringify({ ...result, backups: Object.fromEntries(backup.files) }, null, 2));
  } else {
    for (const { item } of result.deleted) {
      const file = item.kind === "certificate" ? backup.files.get(item.thumbprint) : undefined;
      const name =
        item.kind === "certificate"
          ? pick(ctx.lang, `сертификат ${item.thumbprint}`, `certificate ${item.thumbprint}`)
          : pick(ctx.lang, `ключевая пара ${item.id}`, `key pair ${item.id}`);
      const copy = file ? pick(ctx.lang, ` (копия: ${file})`, ` (copy: ${file})`) : "";
      console.log(pick(ctx.lang, `удалено: ${name}${copy}`, `deleted: ${name}${copy}`));
    }
    for (const { item, error } of result.notDeleted) {
      const name = item.kind === "certificate" ? item.thumbprint : item.id;
      console.log(
        pick(ctx.lang, `НЕ удалено: ${name} — ${describeError(error, ctx.lang).message}`, `NOT deleted: ${name} — ${describeError(error, ctx.lang).message}`),
      );
    }
  }
  return result.notDeleted.length ? 1 : 0;
}

/** After a failed request, look: only certificates no longer on the token keep their copies. */
async function discardWhatIsStillThere(ctx: CliContext, token: TokenRef, backup: CertificateBackup): Promise<void> {
  try {
    const { certificates } = await invoke(ctx, "listObjects", { token });
    backup.discard(certificates.map((c) => c.thumbprint));
  } catch {
    // The token is unreachable: a copy too many is the safe side.
  }
}
