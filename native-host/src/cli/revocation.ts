import type { Lang, Revocation } from "../../../shared/protocol/index.ts";
import { checkRevocation } from "../revocation/check-revocation.ts";
import type { Args } from "./args.ts";
import type { CliContext } from "./context.ts";
import { pick } from "./lang.ts";
import { readCertificateFile } from "./read-certificate.ts";
import { resolveToken } from "./token-ref.ts";

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function verdict(result: Revocation, lang: Lang): string {
  const crl = result.crl;
  if (result.status === "revoked" && crl) {
    return pick(
      lang,
      `Отозван ${day(result.revokedAt ?? 0)} (причина: ${result.reason ?? "unspecified"}) по CRL от ${day(crl.thisUpdate)}, ${crl.url}`,
      `Revoked on ${day(result.revokedAt ?? 0)} (reason: ${result.reason ?? "unspecified"}) per the CRL of ${day(crl.thisUpdate)}, ${crl.url}`,
    );
  }
  if (result.status === "good" && crl) {
    return pick(lang, `Не отозван по CRL от ${day(crl.thisUpdate)}, ${crl.url}`, `Not revoked per the CRL of ${day(crl.thisUpdate)}, ${crl.url}`);
  }
  return pick(lang, "Статус отзыва неизвестен: CRL недоступен или не проверен.", "Revocation status unknown: the CRL is unreachable or could not be verified.");
}

/**
 * The CA's word on a certificate of the token, from the CRLs its distribution points name,
 * verified with a CA certificate on the token or given with --ca. Exit 0 good, 1 revoked or
 * unknown, so a script cannot take "could not check" for "not revoked".
 */
export async function revocationCommand(ctx: CliContext, args: Args): Promise<number> {
  const token = await resolveToken(ctx, args.get("token"));
  const issuers = args.all("ca").map((path) => readCertificateFile(path).toString("base64"));
  const result = await checkRevocation(ctx.registry.get(token.module), { token, certificate: args.require("cert").toUpperCase(), issuers });
  if (ctx.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(verdict(result, ctx.lang));
    for (const p of result.problems) console.log(`  ${p.problem}${p.url ? ` ${p.url}` : ""}: ${p.detail}`);
  }
  return result.status === "good" ? 0 : 1;
}
