import type { Logger } from "../log.ts";
import type { ModuleRegistry } from "../pkcs11/registry.ts";
import type { SigningJobs } from "../operations/sign.ts";
import type { TokenSessions } from "../tokens/sessions.ts";

export interface HostContext {
  registry: ModuleRegistry;
  sessions: TokenSessions;
  signing: SigningJobs;
  log: Logger;
}
