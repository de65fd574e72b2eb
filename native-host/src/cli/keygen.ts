import { KepError, KEY_ALGORITHM_NAMES, type KeyAlgorithmName } from "../../../shared/protocol/index.ts";
import { PARAM_SETS } from "../../../shared/x509/oids.ts";
import type { Args } from "./args.ts";
import type { CliContext } from "./context.ts";
import { invoke } from "./invoke.ts";
import { pick } from "./lang.ts";
import { loginToken, resolveToken } from "./token-ref.ts";

/** --paramset takes an OID or a name from the shared table (CryptoPro-XchA, TC26-512-A, ...). */
function paramSetOid(value: string | undefined): string | undefined {
  if (value === undefined || /^\d+(\.\d+)+$/.test(value)) return value;
  const found = Object.entries(PARAM_SETS).find(([, name]) => name.toLowerCase() === value.toLowerCase());
  if (!found) throw new KepError("BAD_REQUEST", `unknown parameter set ${value}; known: ${Object.values(PARAM_SETS).join(", ")}`);
  return found[0];
}

export async function keygenCommand(ctx: CliContext, args: Args): Promise<number> {
  const algorithm = (args.get("alg") ?? "gost2012-256") as KeyAlgorithmName;
  if (!KEY_ALGORITHM_NAMES.includes(algorithm)) throw new KepError("BAD_REQUEST", `--alg must be one of ${KEY_ALGORITHM_NAMES.join(", ")}`);
  const token = await resolveToken(ctx, args.get("token"));
  await loginToken(ctx, token);
  const paramSet = paramSetOid(args.get("paramset"));
  const label = args.get("label");
  const result = await invoke(ctx, "generateKeyPair", {
    token,
    algorithm,
    ...(paramSet ? { paramSet } : {}),
    ...(label ? { label } : {}),
  });
  if (ctx.json) {
    console.log(JSON.stringify(result, null, 2));
    return 0;
  }
  const { key } = result;
  console.log(pick(ctx.lang, "Ключевая пара создана на токене.", "Key pair generated on the token."));
  console.log(`CKA_ID:   ${key.id}`);
  console.log(`${pick(ctx.lang, "Метка", "Label")}:    ${key.label}`);
  console.log(`${pick(ctx.lang, "Алгоритм", "Algorithm")}: ${key.keyType}, ${PARAM_SETS[key.paramSet ?? ""] ?? key.paramSet}`);
  console.log(
    pick(ctx.lang, "Закрытый ключ неизвлекаемый: ", "Private key non-extractable: ") + (result.privateKey.extractable ? "нет/no" : pick(ctx.lang, "да", "yes")),
  );
  return 0;
}
