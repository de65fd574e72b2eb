import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Logger } from "../../../native-host/src/log.ts";

const scratch = mkdtempSync(join(tmpdir(), "kep-log-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;

describe("host log", () => {
  it("keeps the state folder and the log file to the user", () => {
    const dir = join(scratch, "state");
    mkdirSync(dir, { mode: 0o755 });
    const file = join(dir, "host.log");
    writeFileSync(file, "old line\n");
    chmodSync(file, 0o644);
    const saved = process.env.KEP_LOG_FILE;
    delete process.env.KEP_LOG_FILE;
    try {
      new Logger(file).info("started");
    } finally {
      if (saved !== undefined) process.env.KEP_LOG_FILE = saved;
    }
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    const fresh = join(scratch, "fresh", "host.log");
    new Logger(fresh).info("started");
    expect(mode(fresh)).toBe(0o600);
  });

  it("rotates by size while running", () => {
    const file = join(scratch, "rotating.log");
    const log = new Logger(file, 4096);
    for (let i = 0; i < 200; i++) log.info("token event", { serial: `s${i}` });
    expect(statSync(file).size).toBeLessThanOrEqual(4096);
    expect(statSync(`${file}.1`).size).toBeGreaterThan(3000);
    expect(readFileSync(file, "utf8")).toContain('serial="s199"');
  });

  it("writes a line that repeats with only its id and timing changed once, then counts it", () => {
    const file = join(scratch, "repeats.log");
    const log = new Logger(file);
    for (let id = 1; id <= 1000; id++) {
      log.info("request done", { id, cmd: "listTokens", ms: id % 7 });
      log.info("request done", { id, cmd: "listObjects", ms: id % 5 });
    }
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines).toHaveLength(2);
  });

  it("never writes the value of a secret field", () => {
    const file = join(scratch, "secret.log");
    new Logger(file).warn("bad request", { pin: "12345678", content: "Договор", reason: "wrong type" });
    const text = readFileSync(file, "utf8");
    expect(text).not.toContain("12345678");
    expect(text).not.toContain("Договор");
  });
});
