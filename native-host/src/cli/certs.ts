import { fromBase64 } from "../../../shared/encoding.ts";
import { certificateStatus, parseCertificate } from "../../../shared/x509/index.ts";
import { HostError } from "../errors.ts";
import { listObjects } from "../tokens/list-objects.ts";
import { listTokens } from "../tokens/list-tokens.ts";
import type { CliContext } from "./context.ts";
import { pick } from "./lang.ts";
import { renderTable } from "./table.ts";

const STATUS = {
  valid: ["действует", "valid"],
  expiring: ["скоро истекает", "expiring"],
  expired: ["истёк", "expired"],
  notYetValid: ["ещё не действует", "not yet valid"],
} as const;

export async function certsCommand(ctx: CliContext, serial: string | undefined): Promise<number> {
  const { tokens } = await listTokens(ctx.registry);
  const selected = serial ? tokens.filter((t) => t.serial === serial) : tokens;
  if (serial && selected.length === 0) throw new HostError("TOKEN_NOT_PRESENT", `no token with serial ${serial}`, { serial });
  const now = new Date();
  const results = [];
  for (const token of selected) {
    results.push(await listObjects(ctx.registry.get(token.module), { module: token.module, serial: token.serial }));
  }
  if (ctx.json) {
    console.log(JSON.stringify(results, null, 2));
    return 0;
  }
  const rows: string[][] = [];
  for (const result of results) {
    for (const cert of result.certificates) {
      try {
        const info = parseCertificate(fromBase64(cert.der));
        const { status, daysLeft } = certificateStatus(info, { now });
        rows.push([
          result.token.serial,
          info.owner,
          info.issuerName,
          info.notAfter.toISOString().slice(0, 10),
          String(daysLeft),
          pick(ctx.lang, STATUS[status][0], STATUS[status][1]),
          cert.key ? pick(ctx.lang, "есть", "yes") : pick(ctx.lang, "нет", "no"),
          cert.thumbprint,
        ]);
      } catch {
        rows.push([result.token.serial, pick(ctx.lang, "нечитаемый объект", "unreadable object"), "", "", "", "", "", cert.thumbprint]);
      }
    }
  }
  if (rows.length === 0) {
    console.log(pick(ctx.lang, "На токенах нет сертификатов.", "No certificates on the tokens."));
    return 0;
  }
  const header = ctx.lang === "ru"
    ? ["Токен", "Владелец", "Издатель", "Действует до", "Дней", "Состояние", "Ключ", "Отпечаток SHA-1"]
    : ["Token", "Owner", "Issuer", "Valid to", "Days", "Status", "Key", "SHA-1 thumbprint"];
  console.log(renderTable(header, rows));
  return 0;
}
