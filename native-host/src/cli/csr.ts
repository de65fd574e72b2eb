import { writeFileSync } from "node:fs";
import type { Args } from "./args.ts";
import type { CliContext } from "./context.ts";
import { invoke } from "./invoke.ts";
import { pick } from "./lang.ts";
import { loginToken, resolveToken } from "./token-ref.ts";

/** CLI flags of the subject, as short as the attribute names users see in certificates. */
const SUBJECT_FLAGS = {
  cn: "commonName",
  sn: "surname",
  g: "givenName",
  title: "title",
  o: "organization",
  ou: "organizationalUnit",
  c: "country",
  st: "state",
  l: "locality",
  street: "street",
  email: "email",
  inn: "inn",
  innle: "innle",
  ogrn: "ogrn",
  ogrnip: "ogrnip",
  snils: "snils",
} as const;

const list = (args: Args, name: string) =>
  args
    .all(name)
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);

export async function csrCommand(ctx: CliContext, args: Args): Promise<number> {
  const subject: Record<string, string> = {};
  for (const [flag, field] of Object.entries(SUBJECT_FLAGS)) {
    const value = args.get(flag);
    if (value !== undefined) subject[field] = value;
  }
  subject.commonName = args.require("cn");
  const keyUsage = list(args, "key-usage");
  const extendedKeyUsage = list(args, "eku");
  const policies = list(args, "policy");
  const signTool = args.get("sign-tool");
  const kind = args.get("identification-kind");
  const extensions = {
    ...(keyUsage.length ? { keyUsage } : {}),
    ...(extendedKeyUsage.length ? { extendedKeyUsage } : {}),
    ...(policies.length ? { policies } : {}),
    ...(signTool ? { subjectSignTool: signTool } : {}),
    ...(kind !== undefined ? { identificationKind: Number(kind) as 0 | 1 | 2 | 3 } : {}),
  };
  const token = await resolveToken(ctx, args.get("token"));
  await loginToken(ctx, token);
  const result = await invoke(ctx, "createCsr", { token, keyId: args.require("key").toLowerCase(), subject: subject as { commonName: string }, extensions });
  const out = args.get("out");
  if (out) {
    writeFileSync(out, result.pem);
    if (!ctx.json) console.log(pick(ctx.lang, `Запрос на сертификат сохранён: ${out}`, `Certificate request saved: ${out}`));
  }
  if (ctx.json) console.log(JSON.stringify(result, null, 2));
  else if (!out) process.stdout.write(result.pem);
  return 0;
}
