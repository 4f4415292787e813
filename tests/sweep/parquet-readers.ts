/**
 * What a sweep wrote to its Parquet files, rebuilt from its journal, and the readers other
 * than arquero that the tests hold those files against: polars (nodejs-polars, polars' Rust
 * engine) and pandas (run in a Python that has it, with the pyarrow or fastparquet engine).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { columnType, jobRow, rowsToColumns, seriesColumns, type Cell, type ColumnType, type Columns, type JobResult, type SweepPlan } from '../../kernel-sim/sweep/index.js';

/** The jobs and series columns the store wrote for `plan` into `dir`, from its journal, in plan order. */
export function writtenTables(dir: string, plan: SweepPlan): { jobs: Columns; series: Columns } {
  const byId = new Map<string, JobResult>();
  for (const line of readFileSync(join(dir, 'rows.jsonl'), 'utf8').split('\n').filter(Boolean)) {
    const r = JSON.parse(line) as JobResult;
    byId.set(r.id, r);
  }
  const done = plan.jobs.filter((p) => byId.has(p.id));
  return { jobs: rowsToColumns(done.map((p) => jobRow(p, byId.get(p.id)!))), series: seriesColumns(done.map((p) => byId.get(p.id)!)) };
}

/** A column's values as the writer stores them (a text column holds every value as text). */
export function storedValues(values: readonly Cell[]): Cell[] {
  return columnType(values) === 'string' ? values.map((v) => (v === null ? null : String(v))) : [...values];
}

/** The Parquet physical type (with its logical type) each column type is written as. */
export const ARROW_TYPE: Record<ColumnType, string> = { number: 'double', boolean: 'bool', string: 'string' };

/** The Python to run pandas in: `KERNEL_SIM_PYTHON`, else `python3`. */
const PYTHON = process.env.KERNEL_SIM_PYTHON ?? 'python3';

/** True when {@link PYTHON} imports pandas and `engine`. */
export function pandasHas(engine: 'pyarrow' | 'fastparquet'): boolean {
  return spawnSync(PYTHON, ['-c', `import pandas, ${engine}`], { stdio: 'ignore' }).status === 0;
}

/** What pandas read from a Parquet file. */
export interface PandasRead {
  readonly pandas: string;
  readonly rows: number;
  readonly columns: string[];
  readonly dtypes: string[];
  readonly values: Record<string, Cell[]>;
  /** With pyarrow: the Arrow type of each column. */
  readonly arrowTypes?: string[];
}

/** `pd.read_parquet(path, engine=engine)`, in {@link PYTHON}. */
export function readWithPandas(path: string, engine: 'pyarrow' | 'fastparquet'): PandasRead {
  const p = spawnSync(PYTHON, [join(import.meta.dirname, 'read_with_pandas.py'), path, engine], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (p.status !== 0) throw new Error(`pandas (${engine}) could not read ${path}: ${p.stderr}`);
  return JSON.parse(p.stdout) as PandasRead;
}
