/**
 * Sweep figures, on the compiled package (`kernel-sim/sweep`, as `kernel-sim sweep` runs it; the
 * worker threads load dist/): the speed-up of two worker threads over one on a CPU-bound grid,
 * the overhead per job, and a 1,000,000-input fuzzing sweep. These are wall-time figures by
 * nature (a pool is for finishing sooner), so they need a machine whose cores are free: with
 * other work running, the speed-up is bounded by the cores actually left.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compiledSweep, type SweepApi } from '../sweep/helpers.js';
import { median, type Figure } from './harness.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
// planSweep wants the path a sweep file would have (for relative machine paths; these jobs have none).
const AT = join(ROOT, 'tests/bench/inline.sweep.json');
// CPU-bound grid: 8 shards of 24,000 random HEP-01 schedules on 4 CPUs, about 1.4 s each on one core.
const SHARDS = 8;
const SHARD_RUNS = 24_000;

async function sweepOnce(api: SweepApi, plan: ReturnType<SweepApi['planSweep']>, exec: ReturnType<SweepApi['localExecutor']>) {
  const dir = mkdtempSync(join(tmpdir(), 'kernel-sim-bench-'));
  const store = api.ResultsStore.open(dir, plan, '0.1.0');
  const t0 = performance.now();
  await api.runSweep(plan, store, exec);
  const ms = performance.now() - t0;
  const rows = [...store.results().values()];
  store.release();
  return { ms, dir, rows };
}

/** The sweep figures (wall time; the machine's cores should be free). */
export async function sweepFigures(): Promise<Figure[]> {
  const api = await compiledSweep();
  const g = 'sweep';
  const one = api.localExecutor(ROOT, 1);
  const two = api.localExecutor(ROOT, 2);
  let tag = 0;
  const cpuBound = () => api.planSweep({ name: `cpu-${++tag}`, jobs: [{ kind: 'explore', scenario: 'hep-01', params: { cpus: 4 }, seed: tag, strategy: 'random', runs: SHARDS * SHARD_RUNS, shards: SHARDS }] }, AT, ROOT);
  try {
    // Interleaved rounds after a warm-up of each pool, so both see the same machine.
    await sweepOnce(api, cpuBound(), one);
    await sweepOnce(api, cpuBound(), two);
    const ones: number[] = [];
    const twos: number[] = [];
    for (let r = 0; r < 3; r++) {
      ones.push((await sweepOnce(api, cpuBound(), one)).ms);
      twos.push((await sweepOnce(api, cpuBound(), two)).ms);
    }
    const tiny = await sweepOnce(api, api.planSweep({ name: 'tiny', jobs: [{ kind: 'fuzz', parser: 'e820', seed: 1, inputs: 500, batch: 1 }] }, AT, ROOT), one);
    const jobMs = tiny.rows.reduce((a, r) => a + r.elapsedMs, 0);
    const fuzz = await sweepOnce(api, api.planSweep({ name: 'fuzz-1m', timeoutSeconds: 3600, jobs: [{ kind: 'fuzz', parser: 'multiboot2', seed: 1, inputs: 1_000_000, batch: 50_000 }] }, AT, ROOT), two);
    const fuzzRows = api.loadSweepResults(fuzz.dir).jobs.objects() as { status: string; inputs: number; crashes: number }[];
    const inputs = fuzzRows.reduce((a, r) => a + r.inputs, 0);
    const crashes = fuzzRows.reduce((a, r) => a + r.crashes, 0);
    const failed = fuzzRows.filter((r) => r.status !== 'ok').length;
    for (const d of [tiny.dir, fuzz.dir]) rmSync(d, { recursive: true, force: true });
    return [
      { group: g, name: `1 worker thread: ${SHARDS} HEP-01 shards of ${SHARD_RUNS.toLocaleString('en')} random schedules (wall)`, unit: 's', value: median(ones) / 1000 },
      { group: g, name: '2 worker threads, the same grid (wall)', unit: 's', value: median(twos) / 1000 },
      { group: g, name: 'speed-up of 2 threads over 1 (medians of 3 interleaved rounds)', unit: 'x', value: median(ones) / median(twos), target: { min: 1.8 } },
      { group: g, name: 'overhead per job: 500 one-input fuzz jobs, journal and Parquet included', unit: 'ms', value: (tiny.ms - jobMs) / 500, target: { max: 5 } },
      { group: g, name: `1,000,000-input Multiboot2 fuzzing sweep on 2 threads (${inputs.toLocaleString('en')} inputs, ${failed} failed jobs)`, unit: 's', value: fuzz.ms / 1000 },
      { group: g, name: 'crashes in the fuzzing sweep', unit: 'n', value: crashes + (inputs === 1_000_000 && failed === 0 ? 0 : Number.NaN), target: { max: 0 } },
    ];
  } finally {
    await one.close();
    await two.close();
  }
}
