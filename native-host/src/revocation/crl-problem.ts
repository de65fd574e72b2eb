import type { CrlProblem } from "../../../shared/protocol/index.ts";

/** Why one distribution point gave no usable CRL; the popup names the problem. */
export class CrlProblemError extends Error {
  constructor(
    readonly problem: CrlProblem,
    message: string,
  ) {
    super(message);
  }
}
