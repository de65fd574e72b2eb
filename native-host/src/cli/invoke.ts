import * as v from "valibot";
import { type Command, KepError, type RequestOf, RequestSchema, type ResultOf } from "../../../shared/protocol/index.ts";
import { dispatch } from "../commands/handlers.ts";
import type { CliContext } from "./context.ts";

/**
 * Runs a protocol command exactly as the host would for the browser: the same schema
 * validation, the same handler. The CLI is another client of the protocol, not a
 * second implementation.
 */
export async function invoke<C extends Command>(ctx: CliContext, cmd: C, params: Omit<RequestOf<C>, "id" | "cmd">): Promise<ResultOf<C>> {
  const parsed = v.safeParse(RequestSchema, { ...params, id: 0, cmd });
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new KepError("BAD_REQUEST", `invalid ${cmd}${issue ? ` at ${v.getDotPath(issue) ?? "root"}: ${issue.message}` : ""}`);
  }
  return dispatch(parsed.output as RequestOf<C>, ctx);
}
