import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { formatTable, type BenchRow, type BenchSuite } from "./lib/report.ts";

// Every bench/*.bench.ts default-exports a BenchSuite; `npm run bench -- NAME` runs the
// suites whose file name contains NAME. Each suite runs in a process of its own, so that no
// suite measures the heap, native modules or sockets another one left behind (the gateway
// suite's in-process PKCS#11 module made the popup suite after it crash the shared process).
const here = dirname(fileURLToPath(import.meta.url));
const SUITE_FLAG = "--suite";

async function runSuite(file: string): Promise<BenchRow[]> {
  const suite = (await import(pathToFileURL(join(here, file)).href)).default as BenchSuite;
  return suite();
}

if (process.argv[2] === SUITE_FLAG) {
  // Rows go to a file: programs a suite starts may share its stdout.
  writeFileSync(process.argv[4]!, JSON.stringify(await runSuite(process.argv[3]!)));
} else {
  const filter = process.argv[2];
  const files = readdirSync(here)
    .filter((f) => f.endsWith(".bench.ts") && (!filter || f.includes(filter)))
    .sort();
  const rows: BenchRow[] = [];
  const failed: string[] = [];
  const work = mkdtempSync(join(tmpdir(), "kep-bench-"));
  for (const file of files) {
    process.stderr.write(`running ${file}…\n`);
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), SUITE_FLAG, file, join(work, `${file}.json`)], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (child.status === 0) rows.push(...(JSON.parse(readFileSync(join(work, `${file}.json`), "utf8")) as BenchRow[]));
    else failed.push(`${file}: ${child.signal ? `killed by ${child.signal}` : `exit code ${String(child.status)}`}`);
  }
  rmSync(work, { recursive: true, force: true });
  console.log(formatTable(rows));
  if (failed.length > 0) {
    console.log(`\nsuites that failed:\n${failed.join("\n")}`);
    process.exitCode = 1;
  }
}
