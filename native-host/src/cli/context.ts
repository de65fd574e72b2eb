import type { Lang } from "../../../shared/protocol/index.ts";
import type { HostContext } from "../commands/context.ts";

export interface CliContext extends HostContext {
  lang: Lang;
  json: boolean;
}
