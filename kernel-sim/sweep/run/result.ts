/**
 * What a job gives back: a status, its figures as one flat row, and the time series it sampled
 * as columns (long form: series, step, key, metric, value). Plain JSON, so a worker thread or a
 * Redis queue carries it unchanged.
 * @module
 */

/** A cell of the jobs table. */
export type Cell = string | number | boolean | null;

/** A job's series, column by column. `key` is the order or CPU a value belongs to (-1: none). */
export interface SeriesColumns {
  series: string[];
  step: number[];
  key: number[];
  metric: string[];
  value: number[];
}

/** The result of one job. */
export interface JobResult {
  readonly id: string;
  readonly status: 'ok' | 'failed';
  /** `ErrorName: message` of a failed job, else null. */
  readonly error: string | null;
  /** Wall time of the job in the worker (not deterministic: left out of comparisons). */
  readonly elapsedMs: number;
  /** Who ran it: `host:pid` (not deterministic). */
  readonly worker: string;
  /** The job's figures and verdicts, flat. */
  readonly figures: Readonly<Record<string, Cell>>;
  readonly series: SeriesColumns;
}

/** Columns of a result that differ from run to run of the same job. */
export const NONDETERMINISTIC_COLUMNS: readonly string[] = ['elapsed_ms', 'worker'];

/**
 * Columns that measure the simulator, not the model: the bytes its metadata store holds before
 * and after a job (`KernelStats.metaStoreBytes`). The same on every run of one build, but they
 * change with the store's data structures, so rows made by an older build are compared without them.
 */
export const IMPLEMENTATION_COLUMNS: readonly string[] = ['boot_meta_store_bytes', 'after_meta_store_bytes'];

/** Empty series columns. */
export function emptySeries(): SeriesColumns {
  return { series: [], step: [], key: [], metric: [], value: [] };
}

/** Appends one value to `s`. */
export function pushSeries(s: SeriesColumns, series: string, step: number, key: number, metric: string, value: number): void {
  s.series.push(series);
  s.step.push(step);
  s.key.push(key);
  s.metric.push(metric);
  s.value.push(value);
}

/** A nested object as flat snake_case `a_b` cells (`maxPaddr` -> `max_paddr`); lists become comma-joined strings. */
export function flatCells(o: Readonly<Record<string, unknown>>, prefix = '', out: Record<string, Cell> = {}): Record<string, Cell> {
  for (const [k, v] of Object.entries(o)) {
    const name = `${prefix}${k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toLowerCase()}`;
    if (Array.isArray(v)) out[name] = v.map(String).join(',');
    else if (v !== null && typeof v === 'object') flatCells(v as Record<string, unknown>, `${name}_`, out);
    else if (typeof v === 'bigint') out[name] = Number(v);
    else if (v === undefined) out[name] = null;
    else out[name] = v as Cell;
  }
  return out;
}
