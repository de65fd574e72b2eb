import { isErrorCode, type ErrorInfo } from "../../../shared/protocol/index.ts";
import { HostCallError } from "./native-host.ts";

/** Any failure as protocol error info: host errors as they came, thrown ErrorInfo as is, the rest INTERNAL. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof HostCallError) return error.info;
  const candidate = error as Partial<ErrorInfo> | null;
  if (candidate && typeof candidate === "object" && isErrorCode(candidate.code) && typeof candidate.message === "string") {
    return candidate as ErrorInfo;
  }
  return { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) };
}
