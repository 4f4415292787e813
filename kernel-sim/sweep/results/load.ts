/**
 * Loading a sweep's results in one call, for notebooks and scripts:
 * ```ts
 * const { jobs, series } = loadSweepResults('datasets/sweeps/notebook-06');
 * jobs.filter((d) => d.kind === 'explore').groupby('params_cpus').rollup({ failures: aq.op.sum('failures') });
 * ```
 * @module
 */
import { join } from 'node:path';
import type * as aq from 'arquero';
import { readParquetTable } from './parquet.js';

/** File names inside a results folder. */
export const RESULT_FILES = { manifest: 'sweep.json', journal: 'rows.jsonl', jobs: 'jobs.parquet', series: 'series.parquet', lock: 'sweep.lock' } as const;

/** A sweep's two tables. */
export interface SweepTables {
  /** One row per job: parameters, figures, verdicts. */
  readonly jobs: aq.ColumnTable;
  /** The series jobs sampled, long form: job, series, step, key, metric, value. */
  readonly series: aq.ColumnTable;
}

/** The jobs and series tables of the results folder `dir`, as arquero tables. */
export function loadSweepResults(dir: string): SweepTables {
  return { jobs: readParquetTable(join(dir, RESULT_FILES.jobs)), series: readParquetTable(join(dir, RESULT_FILES.series)) };
}
