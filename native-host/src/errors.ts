import type { ErrorCode, ErrorDetails, ErrorInfo } from "../../shared/protocol/index.ts";

/** An error the host reports to the extension as a protocol error, not as a crash. */
export class HostError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
  }

  toInfo(): ErrorInfo {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}
