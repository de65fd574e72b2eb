import { describeError, serializeError } from "../../../shared/protocol/index.ts";
import { Logger } from "../log.ts";
import { ModuleRegistry } from "../pkcs11/registry.ts";
import { TokenSessions } from "../tokens/sessions.ts";
import { Args, CliError } from "./args.ts";
import { certsCommand } from "./certs.ts";
import type { CliContext } from "./context.ts";
import { csrCommand } from "./csr.ts";
import { deleteCommand } from "./delete.ts";
import { fetchCommand } from "./fetch.ts";
import { doctorCommand } from "./doctor.ts";
import { helpText } from "./help.ts";
import { importCommand } from "./import.ts";
import { keygenCommand } from "./keygen.ts";
import { cliLang, pick } from "./lang.ts";
import { revocationCommand } from "./revocation.ts";
import { signCommand } from "./sign.ts";
import { tokensCommand } from "./tokens.ts";
import { UsageError } from "./usage-error.ts";
import { verifyCommand } from "./verify.ts";

const lang = cliLang();

type Command = (ctx: CliContext, args: Args) => Promise<number>;

/** `operand`: the name a leading bare argument stands for, as in `fetch URL` for `fetch --url URL`. */
const COMMANDS: Record<string, { run: Command; switches: string[]; operand?: string }> = {
  tokens: { run: (ctx) => tokensCommand(ctx), switches: ["json"] },
  certs: { run: (ctx, args) => certsCommand(ctx, args.get("token")), switches: ["json"] },
  keygen: { run: keygenCommand, switches: ["json"] },
  csr: { run: csrCommand, switches: ["json"] },
  import: { run: importCommand, switches: ["json"] },
  sign: { run: signCommand, switches: ["json", "attached"] },
  delete: { run: deleteCommand, switches: ["json", "force"] },
  verify: { run: verifyCommand, switches: ["json"] },
  revocation: { run: revocationCommand, switches: ["json"] },
  fetch: { run: fetchCommand, switches: ["json"], operand: "url" },
  doctor: { run: doctorCommand, switches: ["json", "full"] },
};

function usage(error: UsageError): number {
  const message = pick(lang, error.text.ru, error.text.en);
  console.error(pick(lang, `${message}. См. npm run kep -- help`, `${message}. See npm run kep -- help`));
  return 2;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    console.log(helpText(lang));
    return command ? 0 : 2;
  }
  const entry = COMMANDS[command];
  if (!entry) return usage(new UsageError({ ru: `Неизвестная команда: ${command}`, en: `Unknown command: ${command}` }));
  let args: Args;
  try {
    const leading = rest[0];
    args = new Args(entry.operand && leading !== undefined && !leading.startsWith("--") ? [`--${entry.operand}`, ...rest] : rest, entry.switches);
  } catch (error) {
    return usage(error as UsageError);
  }
  const log = new Logger();
  const sessions = new TokenSessions(log);
  const ctx: CliContext = { registry: new ModuleRegistry(log), sessions, log, lang, json: args.has("json") };
  try {
    return await entry.run(ctx, args);
  } catch (error) {
    if (error instanceof UsageError) return usage(error);
    if (error instanceof CliError) {
      console.error(error.message);
      return 1;
    }
    const info = serializeError(error);
    const text = describeError(info, lang);
    if (ctx.json) console.log(JSON.stringify({ error: info }));
    else console.error(`${text.message}\n${text.hint}`);
    return 1;
  } finally {
    await ctx.sessions.closeAll();
    await ctx.registry.finalizeAll();
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
