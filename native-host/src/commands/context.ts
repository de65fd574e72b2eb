import type { Logger } from "../log.ts";
import type { ModuleRegistry } from "../pkcs11/registry.ts";
import type { TokenSessions } from "../tokens/sessions.ts";

export interface HostContext {
  registry: ModuleRegistry;
  sessions: TokenSessions;
  log: Logger;
}
