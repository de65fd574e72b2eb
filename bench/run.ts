import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { formatTable, type BenchRow, type BenchSuite } from "./lib/report.ts";

// Every bench/*.bench.ts default-exports a BenchSuite; `npm run bench -- NAME` runs the
// suites whose file name contains NAME.
const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts") && (!filter || f.includes(filter)))
  .sort();

const rows: BenchRow[] = [];
for (const file of files) {
  process.stderr.write(`running ${file}…\n`);
  const suite = (await import(pathToFileURL(join(here, file)).href)).default as BenchSuite;
  rows.push(...(await suite()));
}
console.log(formatTable(rows));
