import type { Args } from "./args.ts";
import type { CliContext } from "./context.ts";
import { invoke } from "./invoke.ts";
import { pick } from "./lang.ts";
import { readCertificateFile } from "./read-certificate.ts";
import { loginToken, resolveToken } from "./token-ref.ts";

export async function importCommand(ctx: CliContext, args: Args): Promise<number> {
  const der = readCertificateFile(args.require("cert")).toString("base64");
  const chain = args.all("chain").map((path) => readCertificateFile(path).toString("base64"));
  const token = await resolveToken(ctx, args.get("token"));
  await loginToken(ctx, token);
  const label = args.get("label");
  const result = await invoke(ctx, "writeCertificate", { token, der, ...(chain.length ? { chain } : {}), ...(label ? { label } : {}) });
  if (ctx.json) {
    console.log(JSON.stringify(result, null, 2));
    return 0;
  }
  console.log(
    result.written
      ? pick(
          ctx.lang,
          `Сертификат записан на токен рядом с ключом ${result.certificate.key?.id}.`,
          `Certificate written next to key ${result.certificate.key?.id}.`,
        )
      : pick(ctx.lang, "Этот сертификат уже есть на токене.", "This certificate is already on the token."),
  );
  if (result.chainWritten) console.log(pick(ctx.lang, `Сертификатов УЦ записано: ${result.chainWritten}.`, `CA certificates written: ${result.chainWritten}.`));
  console.log(`${pick(ctx.lang, "Отпечаток", "Thumbprint")}: ${result.certificate.thumbprint}`);
  return 0;
}
