import { Logger } from "./log.ts";
import { readHostConfig } from "./pkcs11/discovery.ts";
import { ModuleRegistry } from "./pkcs11/registry.ts";
import { TokenSessions } from "./tokens/sessions.ts";
import { serve } from "./host.ts";
import { HOST_VERSION } from "./commands/handlers.ts";
import { codeCacheUse } from "./startup/code-cache-use.ts";

/**
 * Entry point the browser starts: `kep-host chrome-extension://<id>/` (Chrome family) or
 * `kep-host <manifest path> <addon id>` (Firefox). stdout carries frames only, so any
 * failure is logged to the file and the process exits without printing.
 */
const log = new Logger();
const caller = process.argv.slice(2).find((a) => /^(chrome-extension|moz-extension):\/\//.test(a)) ?? process.argv[3] ?? "unknown";
log.info("host started", { version: HOST_VERSION, caller, pid: process.pid, codeCache: codeCacheUse() });

const registry = new ModuleRegistry(log);
const sessions = new TokenSessions(log, readHostConfig().loginMinutes * 60_000);

async function shutdown(code: number, reason: string): Promise<never> {
  log.info("host stopping", { reason });
  await sessions.closeAll();
  await registry.finalizeAll();
  process.exit(code);
}

process.on("uncaughtException", (error) => {
  log.error("uncaught exception", { reason: error.message, stack: error.stack });
  void shutdown(70, "uncaught exception");
});
process.on("unhandledRejection", (error) => {
  log.error("unhandled rejection", { reason: String(error) });
  void shutdown(70, "unhandled rejection");
});
process.stdout.on("error", (error) => {
  // The browser closed the pipe; there is nobody left to answer.
  void shutdown(0, `stdout closed: ${error.message}`);
});

void serve(process.stdin, process.stdout, { registry, sessions, log }).then((outcome) =>
  outcome === "truncated" ? shutdown(1, "input ended inside a frame: the stream was broken") : shutdown(0, "input closed"),
);
