import { execFileSync } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Streebog, type BlockAbsorber } from "../shared/crypto/streebog.ts";
import { createWasmAbsorber } from "../shared/crypto/streebog-wasm.ts";
import type { BenchRow, BenchSuite } from "./lib/report.ts";

const FILE_MIB = 256;
const CHUNK = 1024 * 1024;

/** Hashes the file the way the host will: 1 MiB reads into one reused buffer. */
function hashFile(bits: 256 | 512, file: string, blocks: BlockAbsorber | null): { hex: string; seconds: number } {
  const started = performance.now();
  const hash = new Streebog(bits, blocks);
  const buffer = new Uint8Array(CHUNK);
  const fd = openSync(file, "r");
  try {
    for (let read; (read = readSync(fd, buffer, 0, CHUNK, null)) > 0;) hash.update(buffer.subarray(0, read));
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
    const wasm = createWasmAbsorber();
    if (!wasm) throw new Error("WebAssembly is not available");
    // The host hashes with the WebAssembly engine; the extension's pages with TypeScript alone.
    const engines = [
      { name: "host (WebAssembly)", blocks: wasm, goal: true },
      { name: "extension (TypeScript)", blocks: null, goal: false },
    ];
    for (const bits of [256, 512] as const) {
      // OpenSSL first, so every run reads the file from the page cache.
      const reference = opensslFile(bits, file);
      const referenceValue = FILE_MIB / reference.seconds;
      for (const engine of engines) {
        const ours = hashFile(bits, file, engine.blocks);
        if (ours.hex !== reference.hex) throw new Error(`Streebog-${bits} (${engine.name}) differs from openssl on the bench file`);
        const value = FILE_MIB / ours.seconds;
        rows.push({
          name: `Streebog-${bits} ${engine.name}, ${FILE_MIB} MiB file in 1 MiB reads`,
          value,
          unit: "MiB/s",
          reference: { name: `openssl dgst -engine gost -md_gost12_${bits}`, value: referenceValue },
          ...(engine.goal ? { goal: "≥ 0.5× OpenSSL", met: value >= 0.5 * referenceValue } : {}),
        });
      }
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

export default suite;
