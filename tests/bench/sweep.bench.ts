import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { localExecutor, loadSweepResults, planSweep, ResultsStore, runSweep, type Executor, type SweepPlan } from '../../kernel-sim/sweep/index.js';

// Sweeps on the local pool. Conditions matter: on a 2-core machine shared with other work the
// speed-up is bounded by the cores actually free; each bench logs what it measured.
const ROOT = resolve(import.meta.dirname, '..', '..');
// planSweep wants the path a sweep file would have (for relative machine paths; these jobs have none).
const AT = join(ROOT, 'tests/bench/inline.sweep.json');

async function sweep(plan: SweepPlan, exec: Executor): Promise<{ ms: number; dir: string; jobMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'kernel-sim-bench-'));
  const store = ResultsStore.open(dir, plan, '0.1.0');
  const t0 = performance.now();
  await runSweep(plan, store, exec);
  const ms = performance.now() - t0;
  const jobMs = [...store.results().values()].reduce((a, r) => a + r.elapsedMs, 0);
  store.release();
  return { ms, dir, jobMs };
}

// CPU-bound: 8 shards of 12,000 random HEP-01 schedules on 4 CPUs (about 2 s each on one core;
// 4,000 had become 0.7 s, where the pool's fixed costs weigh more).
const cpuBound = (tag: number) => planSweep({ name: `cpu-${tag}`, jobs: [{ kind: 'explore', scenario: 'hep-01', params: { cpus: 4 }, seed: tag, strategy: 'random', runs: 96_000, shards: 8 }] }, AT, ROOT);
const one = localExecutor(ROOT, 1);
const two = localExecutor(ROOT, 2);
const timings: Record<string, number> = {};
let round = 0;
afterAll(async () => {
  if (timings.one && timings.two) console.log(`speed-up on 2 threads over 1: ${(timings.one / timings.two).toFixed(2)}x (${timings.one.toFixed(0)} ms vs ${timings.two.toFixed(0)} ms)`);
  await one.close();
  await two.close();
});

describe('CPU-bound grid: 8 HEP-01 shards of 12,000 random schedules (target: 2 threads >= 1.8x one)', () => {
  bench('1 worker thread', async () => {
    timings.one = (await sweep(cpuBound(++round), one)).ms;
  }, { iterations: 2, time: 0, warmupIterations: 1 });
  bench('2 worker threads (every core)', async () => {
    timings.two = (await sweep(cpuBound(++round), two)).ms;
  }, { iterations: 2, time: 0, warmupIterations: 1 });
});

describe('overhead per job: 500 one-input fuzz jobs on one thread, journal and Parquet included (target < 5 ms)', () => {
  bench('500 tiny jobs', async () => {
    const plan = planSweep({ name: `tiny-${++round}`, jobs: [{ kind: 'fuzz', parser: 'e820', seed: round, inputs: 500, batch: 1 }] }, AT, ROOT);
    const { ms, jobMs } = await sweep(plan, one);
    console.log(`per-job overhead: ${((ms - jobMs) / 500).toFixed(3)} ms (wall ${(ms / 500).toFixed(3)} ms per job, of which the jobs ${(jobMs / 500).toFixed(3)} ms)`);
  }, { iterations: 2, time: 0, warmupIterations: 1 });
});

describe('a 1,000,000-input Multiboot2 fuzzing sweep (20 batches of 50,000)', () => {
  bench('1,000,000 mutated captures', async () => {
    const plan = planSweep({ name: 'fuzz-1m', timeoutSeconds: 3600, jobs: [{ kind: 'fuzz', parser: 'multiboot2', seed: 1, inputs: 1_000_000, batch: 50_000 }] }, AT, ROOT);
    const { ms, dir } = await sweep(plan, two);
    const rows = loadSweepResults(dir).jobs.objects() as { status: string; inputs: number; crashes: number; accepted: number }[];
    const inputs = rows.reduce((a, r) => a + r.inputs, 0);
    const crashes = rows.reduce((a, r) => a + r.crashes, 0);
    console.log(`fuzz sweep: ${inputs} inputs, ${rows.reduce((a, r) => a + r.accepted, 0)} accepted, ${crashes} crashes, ${rows.filter((r) => r.status !== 'ok').length} failed jobs, ${(ms / 1000).toFixed(1)} s`);
    if (inputs !== 1_000_000 || crashes !== 0 || rows.some((r) => r.status !== 'ok')) throw new Error('the fuzzing sweep did not complete cleanly');
  }, { iterations: 1, time: 0 });
});
