import { KepError, type Lang } from "../../../shared/protocol/index.ts";
import { CliError } from "./args.ts";
import { pick } from "./lang.ts";

/**
 * The PIN for the CLI: KEP_PIN for scripts, otherwise typed at a hidden prompt on the
 * terminal. It is never echoed, never logged, and is not kept after login.
 */
export async function readPin(lang: Lang, env = process.env): Promise<string> {
  if (env.KEP_PIN) return env.KEP_PIN;
  const input = process.stdin;
  if (!input.isTTY) {
    throw new CliError(
      pick(
        lang,
        "Нужен PIN-код токена: задайте KEP_PIN или запустите команду в терминале.",
        "The token PIN is needed: set KEP_PIN or run the command in a terminal.",
      ),
    );
  }
  process.stderr.write(pick(lang, "PIN-код токена: ", "Token PIN: "));
  input.setRawMode(true);
  input.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let pin = "";
      const onData = (chunk: Buffer) => {
        for (const char of chunk.toString("utf8")) {
          if (char === "\r" || char === "\n") {
            input.off("data", onData);
            process.stderr.write("\n");
            resolve(pin);
            return;
          }
          if (char === "\u0003") {
            input.off("data", onData);
            reject(new KepError("USER_CANCELLED", "PIN entry cancelled"));
            return;
          }
          pin = char === "\u007f" || char === "\b" ? pin.slice(0, -1) : pin + char;
        }
      };
      input.on("data", onData);
    });
  } finally {
    input.setRawMode(false);
    input.pause();
  }
}
