/**
 * The two result tables as columns. Jobs: one row per job, `id, kind, status, error,
 * elapsed_ms, worker`, then the job's parameters (flattened, `workload_seed`, `params_cpus`),
 * then its figures (a figure named like a parameter, such as an exploration's `runs`, replaces
 * it: it is what the job did). Series: `job, series, step, key, metric, value`. A column
 * holding only numbers is float64, only booleans bool, anything else text.
 * @module
 */
import type { PlannedJob } from '../plan/job.js';
import { flatCells, type Cell, type JobResult } from '../run/result.js';

/** A table as named columns of equal length. */
export type Columns = Record<string, Cell[]>;

/** Column types of a written table. */
export type ColumnType = 'number' | 'boolean' | 'string';

/** One jobs-table row of a result. */
export function jobRow(p: PlannedJob, r: JobResult): Record<string, Cell> {
  const { kind, ...params } = p.job;
  return {
    id: p.id,
    kind,
    status: r.status,
    error: r.error,
    elapsed_ms: r.elapsedMs,
    worker: r.worker,
    ...flatCells(params as Record<string, unknown>),
    ...r.figures,
  };
}

/** Rows as columns: every column any row has, null where a row lacks it. */
export function rowsToColumns(rows: readonly Record<string, Cell>[]): Columns {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (!seen.has(k)) { seen.add(k); names.push(k); }
  const cols: Columns = {};
  for (const n of names) cols[n] = rows.map((r) => (r[n] === undefined ? null : r[n]!));
  return cols;
}

/** The type of a column (text when mixed or all null). */
export function columnType(values: readonly Cell[]): ColumnType {
  let t: ColumnType | null = null;
  for (const v of values) {
    if (v === null) continue;
    const vt = typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string';
    if (t === null) t = vt;
    else if (t !== vt) return 'string';
  }
  return t ?? 'string';
}

/** The series of results, one block per job, as columns. */
export function seriesColumns(results: readonly JobResult[]): Columns {
  const cols: Columns = { job: [], series: [], step: [], key: [], metric: [], value: [] };
  for (const r of results) {
    const s = r.series;
    for (let i = 0; i < s.value.length; i++) {
      cols.job!.push(r.id);
      cols.series!.push(s.series[i]!);
      cols.step!.push(s.step[i]!);
      cols.key!.push(s.key[i]!);
      cols.metric!.push(s.metric[i]!);
      cols.value!.push(s.value[i]!);
    }
  }
  return cols;
}
