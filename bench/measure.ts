/** Timing and the one table `npm run bench` prints: each figure next to its floor, the ratio and the target. */
import { performance } from 'node:perf_hooks';

export interface Timing { median: number; p99: number; runs: number }

export async function measure(run: () => Promise<unknown>, runs = Number(process.env.BENCH_RUNS ?? 20), warmups = 3): Promise<Timing> {
  for (let i = 0; i < warmups; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)], p99: times[Math.min(runs - 1, Math.ceil(runs * 0.99) - 1)], runs };
}

export interface Row {
  section: string;
  name: string;
  /** The measured figure and its unit ("ms", "req/s", "MB", "KB"). */
  value: number;
  unit: string;
  /** The baseline measured in the same run, and what it is. */
  floor?: { value: number; name: string };
  /** value / floor must stay at or below (`max`) or reach (`min`) this; or the value itself at or below `maxValue`. */
  target?: { max?: number; min?: number; maxValue?: number };
  note?: string;
}

export const rows: Row[] = [];

export function record(row: Row): void {
  rows.push(row);
  console.error(`  ${row.section} · ${row.name}: ${format(row.value)} ${row.unit}${row.floor ? ` (floor ${format(row.floor.value)}, ratio ${ratio(row)})` : ''}`);
}

const format = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const ratio = (row: Row) => (row.floor ? (row.value / row.floor.value).toFixed(2) : '');

function verdict(row: Row): string {
  if (row.target?.maxValue !== undefined) return row.value <= row.target.maxValue ? 'met' : `missed ×${(row.value / row.target.maxValue).toFixed(2)}`;
  if (!row.floor || !row.target) return '';
  const r = row.value / row.floor.value;
  if (row.target.max !== undefined) return r <= row.target.max ? 'met' : `missed ×${(r / row.target.max).toFixed(2)}`;
  if (row.target.min !== undefined) return r >= row.target.min ? 'met' : `missed ×${(row.target.min / r).toFixed(2)}`;
  return '';
}

/** The table, as Markdown, so the README can keep it as printed. */
export function table(): string {
  const lines = ['| section | case | value | floor (what) | ratio | target | verdict |', '| --- | --- | ---: | --- | ---: | ---: | --- |'];
  for (const row of rows) {
    const target = row.target?.max !== undefined ? `≤ ${row.target.max}` : row.target?.min !== undefined ? `≥ ${row.target.min}`
      : row.target?.maxValue !== undefined ? `≤ ${row.target.maxValue} ${row.unit}` : '';
    const floor = row.floor ? `${format(row.floor.value)} ${row.unit} (${row.floor.name})` : '';
    lines.push(`| ${row.section} | ${row.name}${row.note ? ` — ${row.note}` : ''} | ${format(row.value)} ${row.unit} | ${floor} | ${ratio(row)} | ${target} | ${verdict(row)} |`);
  }
  return lines.join('\n');
}
