/**
 * npm run bench: runs every test/bench/<name>.bench.ts (each exports `bench()`
 * returning named figures) and prints them as one table. Timings are reported,
 * never asserted: these machines are shared and noisy.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export type Figures = Record<string, number | string>;

const dir = new URL('.', import.meta.url).pathname;
const only = process.argv[2];
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only || f.startsWith(only))
  .sort();
const rows: Array<[string, string, string]> = [];
let failed = false;
for (const f of files) {
  const name = f.replace(/\.bench\.ts$/, '');
  process.stderr.write(`bench ${name} ...\n`);
  try {
    const mod = (await import(join(dir, f))) as { bench: () => Promise<Figures> };
    const figures = await mod.bench();
    for (const [k, v] of Object.entries(figures)) rows.push([name, k, typeof v === 'number' ? String(Math.round(v * 100) / 100) : v]);
  } catch (e) {
    failed = true;
    rows.push([name, 'error', String(e)]);
  }
}
const w0 = Math.max(5, ...rows.map((r) => r[0].length));
const w1 = Math.max(6, ...rows.map((r) => r[1].length));
console.log(`${'bench'.padEnd(w0)}  ${'figure'.padEnd(w1)}  value`);
for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
process.exit(failed ? 1 : 0);
