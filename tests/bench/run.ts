/**
 * `npm run bench`: every benchmark, in plain Node (tsx, outside vitest's module transform), as a
 * table of figures beside their targets. Rates are operations per CPU second
 * (`process.cpuUsage`, user + system), medians of rounds after warm-up; ratios come from one
 * interleaved run. `npm run bench -- frame mmu` runs only the named groups. The sweep group
 * (worker pools on the compiled package) measures wall time.
 */
import { registered } from './bench-api.js';
import { bootFigures } from './boot-figures.js';
import { frameFigures } from './frame-figures.js';
import { median, cpuSeconds, table, meets, type Figure } from './harness.js';
import { mmuFigures } from './mmu-figures.js';
import { sweepFigures } from './sweep-figures.js';

const GROUPS: Record<string, () => Figure[] | Promise<Figure[]>> = {
  frame: frameFigures,
  mmu: mmuFigures,
  boot: bootFigures,
  others: otherFigures,
  sweep: sweepFigures,
};

// The remaining benchmark files register with bench-api's `bench`: CPU seconds per call.
async function otherFigures(): Promise<Figure[]> {
  for (const f of ['heap', 'io', 'kspace', 'page-checking', 'page-table', 'scenarios', 'sync', 'vm-space', 'audit', 'iommu', 'iommu-workload']) await import(`./${f}.bench.js`);
  const out: Figure[] = [];
  for (const b of registered) {
    b.fn();
    const ts: number[] = [];
    for (let i = 0; i < Math.min(b.iterations, 7); i++) ts.push(cpuSeconds(b.fn));
    out.push({ group: b.group, name: b.name, unit: 's', value: median(ts), target: b.group.includes('target < 10 s') ? { max: 10 } : undefined });
  }
  return out;
}

const wanted = process.argv.slice(2);
const figures: Figure[] = [];
for (const [name, fn] of Object.entries(GROUPS)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  process.stderr.write(`measuring ${name}...\n`);
  figures.push(...(await fn()));
}
console.log(table(figures));
const missed = figures.filter((f) => !meets(f)).length;
console.log(`\n${figures.length} figures, ${missed} below target. CPU time per process (process.cpuUsage), except the sweep group's wall times; on a loaded machine compare the ratios (the sweep speed-up needs free cores).`);
