import { HOST_VERSION } from "../commands/handlers.ts";
import { collectDoctorReport } from "../doctor/collect.ts";
import { renderReport } from "../doctor/render.ts";
import type { Args } from "./args.ts";
import type { CliContext } from "./context.ts";

/** The support report: text in the user's language, or the stable JSON; personal data only with --full. */
export async function doctorCommand(ctx: CliContext, args: Args): Promise<number> {
  const report = await collectDoctorReport(ctx.registry, { full: args.has("full"), hostVersion: HOST_VERSION });
  process.stdout.write(ctx.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report, ctx.lang));
  return 0;
}
