import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NONDETERMINISTIC_COLUMNS, ResultsStore, runSweep, type Cell, type Executor, type JobResult, type SweepPlan } from '../../kernel-sim/sweep/index.js';
import { importCompiled } from '../cli/compiled-cli.js';

/** The sweep layer's API. */
export type SweepApi = typeof import('../../kernel-sim/sweep/index.js');

/** The compiled sweep layer (`kernel-sim/sweep`), as `kernel-sim sweep` runs it: its pools' threads load dist/. */
export function compiledSweep(): Promise<SweepApi> {
  return importCompiled<SweepApi>('sweep');
}

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '..', '..');
/** The small sweep every sweep test runs (16 jobs of every kind). */
export const SMALL = join(ROOT, 'tests/sweep/fixtures/small.sweep.json');
/** A sweep path inside the fixtures folder (machine paths in templates are relative to it). */
export const FIXTURE_PATH = join(ROOT, 'tests/sweep/fixtures/inline.sweep.json');

/** A fresh temporary folder. */
export function tempDir(what: string): string {
  return mkdtempSync(join(tmpdir(), `kernel-sim-${what}-`));
}

/** Rows without the columns that differ between runs (wall time, worker) and without empty cells (a table fills a column a row lacks with null). */
export function deterministic(rows: readonly Record<string, Cell>[]): Record<string, Cell>[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k, v]) => v !== null && !NONDETERMINISTIC_COLUMNS.includes(k))));
}

/** A result without its wall time and worker. */
export function resultCore(r: JobResult): Omit<JobResult, 'elapsedMs' | 'worker'> {
  const { elapsedMs: _e, worker: _w, ...core } = r;
  return core;
}

/** A churn workload template on q35-128M (`steps` small enough for a test). */
export function churnTemplate(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'workload',
    machine: '../../../datasets/mbi/q35-128M.mbi',
    workload: { kind: 'churn', seed: 1, steps: 500, orders: { '0': 4, '2': 1 }, lifetime: { min: 5, max: 100 }, longLivedFraction: 0.05 },
    ...extra,
  };
}

/** Runs `plan` on `executor` into the results folder `dir` (closing the executor when `close`). */
export async function sweepInto(dir: string, plan: SweepPlan, executor: Executor, version: string, close = false) {
  const store = ResultsStore.open(dir, plan, version);
  try {
    return await runSweep(plan, store, executor);
  } finally {
    store.release();
    if (close) await executor.close();
  }
}
