import { execFileSync } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Streebog } from "../shared/crypto/streebog.ts";
import type { BenchRow, BenchSuite } from "./lib/report.ts";

const FILE_MIB = 256;
const CHUNK = 1024 * 1024;

/** Hashes the file the way the host will: 1 MiB reads into one reused buffer. */
function hashFile(bits: 256 | 512, file: string): { hex: string; seconds: number } {
  const started = performance.now();
  const hash = new Streebog(bits);
  const buffer = new Uint8Array(CHUNK);
  const fd = openSync(file, "r");
  try {
    for (let read; (read = readSync(fd, buffer, 0, CHUNK, null)) > 0; ) hash.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  const hex = Buffer.from(hash.digest()).toString("hex");
  return { hex, seconds: (performance.now() - started) / 1000 };
}

/** Wall time of the gost-engine digest over the same file, process start included. */
function opensslFile(bits: 256 | 512, file: string): { hex: string; seconds: number } {
  const started = performance.now();
  const out = execFileSync("openssl", ["dgst", "-engine", "gost", `-md_gost12_${bits}`, "-r", file], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  return { hex: out.split(" ")[0]!, seconds: (performance.now() - started) / 1000 };
}

function writeRandomFile(file: string): void {
  const fd = openSync(file, "w");
  const chunk = new Uint8Array(CHUNK);
  try {
    for (let i = 0; i < FILE_MIB; i++) writeSync(fd, randomFillSync(chunk));
  } finally {
    closeSync(fd);
  }
}

const suite: BenchSuite = async () => {
  const dir = mkdtempSync(join(tmpdir(), "streebog-bench-"));
  try {
    const file = join(dir, "input.bin");
    writeRandomFile(file);
    const rows: BenchRow[] = [];
    for (const bits of [256, 512] as const) {
      // OpenSSL first, so both runs read the file from the page cache.
      const reference = opensslFile(bits, file);
      const ours = hashFile(bits, file);
      if (ours.hex !== reference.hex) throw new Error(`Streebog-${bits} differs from openssl on the bench file`);
      const value = FILE_MIB / ours.seconds;
      const referenceValue = FILE_MIB / reference.seconds;
      rows.push({
        name: `Streebog-${bits} throughput, ${FILE_MIB} MiB file in 1 MiB reads`,
        value,
        unit: "MiB/s",
        reference: { name: `openssl dgst -engine gost -md_gost12_${bits}`, value: referenceValue },
        goal: "≥ 0.5× OpenSSL",
        met: value >= 0.5 * referenceValue,
      });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

export default suite;
