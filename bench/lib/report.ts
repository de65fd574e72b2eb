/** One line of the `npm run bench` table. */
export interface BenchRow {
  /** What was measured, e.g. "host cold start → handshake reply (median of 25)". */
  name: string;
  value: number;
  unit: string;
  /** The reference measured in the same run, e.g. bare `node -e ""`. */
  reference?: { name: string; value: number };
  /** Human-readable goal, e.g. "≤ 1.5× reference". */
  goal?: string;
  /** Whether the goal was met; informative only, never a pass/fail of CI. */
  met?: boolean;
}

export type BenchSuite = () => Promise<BenchRow[]>;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

function fmt(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);
}

export function formatTable(rows: BenchRow[]): string {
  const header = ["measurement", "value", "reference", "ratio", "goal", "met"];
  const body = rows.map((r) => [
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    r.reference ? `${r.reference.name}: ${fmt(r.reference.value)} ${r.unit}` : "",
    r.reference && r.reference.value !== 0 ? `${(r.value / r.reference.value).toFixed(2)}×` : "",
    r.goal ?? "",
    r.met === undefined ? "" : r.met ? "yes" : "NO",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...body.map(line)].join("\n");
}
