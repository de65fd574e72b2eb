import { appendFileSync, mkdirSync, renameSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { stateDir } from "./paths.ts";

const MAX_LOG_BYTES = 1024 * 1024;

/** Field names whose values are never written, whatever a caller passes by mistake. */
const SECRET_FIELD = /pin|password|secret|data|content|document/i;

export type LogFields = Record<string, string | number | boolean | null | undefined>;

/**
 * Append-only log file in the user's state directory. stdout belongs to the frame
 * protocol, so nothing else may ever print there; stderr is kept for the browser's own
 * log, but a file is what users can attach to a report. Writes are synchronous so the
 * last line before a crash is on disk.
 */
export class Logger {
  readonly file: string;
  private broken = false;

  constructor(file = process.env.KEP_LOG_FILE ?? join(stateDir(), "host.log")) {
    this.file = file;
    try {
      mkdirSync(dirname(file), { recursive: true });
      if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_LOG_BYTES) {
        renameSync(file, `${file}.1`);
      }
    } catch {
      this.broken = true;
    }
  }

  info(message: string, fields?: LogFields): void {
    this.write("INFO", message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.write("WARN", message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.write("ERROR", message, fields);
  }

  private write(level: string, message: string, fields?: LogFields): void {
    if (this.broken) return;
    const extra = fields
      ? Object.entries(fields)
          .filter(([, value]) => value !== undefined)
          .map(([key, value]) => `${key}=${SECRET_FIELD.test(key) ? "[redacted]" : JSON.stringify(value)}`)
          .join(" ")
      : "";
    try {
      appendFileSync(this.file, `${new Date().toISOString()} ${process.pid} ${level} ${message}${extra ? ` ${extra}` : ""}\n`);
    } catch {
      this.broken = true;
    }
  }
}
