import { appendFileSync, chmodSync, mkdirSync, renameSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { stateDir } from "./paths.ts";

export const MAX_LOG_BYTES = 1024 * 1024;

/** Field names whose values are never written, whatever a caller passes by mistake. */
const SECRET_FIELD = /pin|password|secret|data|content|document/i;

/** Fields that differ between otherwise identical lines; a page polling the token must not grow the log. */
const VOLATILE_FIELD = new Set(["id", "ms"]);
/** A line already written within this time is counted instead of written again. */
const REPEAT_WINDOW_MS = 60_000;
const REMEMBERED_LINES = 256;

export type LogFields = Record<string, string | number | boolean | null | undefined>;

/**
 * Append-only log file in the user's state directory. stdout belongs to the frame
 * protocol, so nothing else may ever print there; stderr is kept for the browser's own
 * log, but a file is what users can attach to a report. Writes are synchronous so the
 * last line before a crash is on disk. The folder is the user's alone (0700, the file
 * 0600): module paths, serial numbers and thumbprints are nobody else's business. The
 * file moves to `.1` whenever it passes MAX_LOG_BYTES, also while the host runs, and a
 * line that differs from one written in the last minute only by its request id and
 * timing is counted, not written: the next time it is written it says how often it came.
 */
export class Logger {
  readonly file: string;
  private broken = false;
  private size = 0;
  private readonly recent = new Map<string, { since: number; repeats: number }>();

  constructor(
    file = process.env.KEP_LOG_FILE ?? join(stateDir(), "host.log"),
    private readonly maxBytes = MAX_LOG_BYTES,
  ) {
    this.file = file;
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      if (!process.env.KEP_LOG_FILE) chmodSync(dirname(file), 0o700);
      this.size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
      if (this.size > 0) chmodSync(file, 0o600);
      if (this.size > maxBytes) this.rotate();
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
    const entries = Object.entries(fields ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, SECRET_FIELD.test(key) ? "[redacted]" : JSON.stringify(value)] as const);
    const key = `${level} ${message} ${entries
      .filter(([k]) => !VOLATILE_FIELD.has(k))
      .map(([k, v]) => `${k}=${v}`)
      .join(" ")}`;
    const now = Date.now();
    const seen = this.recent.get(key);
    if (seen && now - seen.since < REPEAT_WINDOW_MS) {
      seen.repeats++;
      return;
    }
    if (seen?.repeats) entries.push(["repeatedSinceLast", String(seen.repeats)]);
    this.recent.delete(key);
    this.recent.set(key, { since: now, repeats: 0 });
    if (this.recent.size > REMEMBERED_LINES) this.recent.delete(this.recent.keys().next().value!);
    const extra = entries.map(([k, v]) => `${k}=${v}`).join(" ");
    this.append(`${new Date(now).toISOString()} ${process.pid} ${level} ${message}${extra ? ` ${extra}` : ""}\n`);
  }

  private append(text: string): void {
    try {
      if (this.size > 0 && this.size + Buffer.byteLength(text) > this.maxBytes) this.rotate();
      appendFileSync(this.file, text, { mode: 0o600 });
      this.size += Buffer.byteLength(text);
    } catch {
      this.broken = true;
    }
  }

  private rotate(): void {
    renameSync(this.file, `${this.file}.1`);
    this.size = 0;
  }
}
