/**
 * A results folder: `sweep.json` (which sweep, which kernel-sim version), `rows.jsonl` (one
 * finished job per line, appended and flushed as each finishes, so a crash loses nothing done)
 * and, when the sweep ends, `jobs.parquet` and `series.parquet` in the plan's job order.
 * Opening a folder again resumes: the jobs it holds are not run again. A folder of another
 * sweep or version, or a damaged journal, is refused with the file and line.
 * @module
 */
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SweepResultsError } from '../errors.js';
import type { SweepPlan } from '../plan/sweep-file.js';
import type { JobResult } from '../run/result.js';
import { jobRow, rowsToColumns, seriesColumns } from './columns.js';
import { RESULT_FILES } from './load.js';
import { columnsToParquet } from './parquet.js';
import { parseJsonText } from '../../util/json-text.js';

/** What `sweep.json` holds. */
export interface ResultsManifest {
  readonly format: 1;
  readonly sweep: string;
  readonly sweepId: string;
  readonly version: string;
  readonly jobs: number;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An open results folder: the results so far, and a journal to add to. */
export class ResultsStore {
  private readonly done = new Map<string, JobResult>();
  private readonly journal: string;
  private readonly lock: string;

  private constructor(
    /** The folder. */
    readonly dir: string,
    private readonly plan: SweepPlan,
  ) {
    this.journal = join(dir, RESULT_FILES.journal);
    this.lock = join(dir, RESULT_FILES.lock);
  }

  /**
   * Opens (or creates) `dir` for `plan`, made by kernel-sim `version`.
   * @throws SweepResultsError for a folder of another sweep or version, a folder that is not a
   *   results folder, a journal line that is not a result of this sweep, or a folder in use.
   */
  static open(dir: string, plan: SweepPlan, version: string): ResultsStore {
    const store = new ResultsStore(dir, plan);
    const manifestPath = join(dir, RESULT_FILES.manifest);
    const manifest: ResultsManifest = { format: 1, sweep: plan.name, sweepId: plan.sweepId, version, jobs: plan.jobs.length };
    if (existsSync(manifestPath)) {
      let m: ResultsManifest;
      try {
        m = parseJsonText(readFileSync(manifestPath, 'utf8')) as ResultsManifest;
      } catch (e) {
        throw new SweepResultsError(manifestPath, `is not valid JSON: ${(e as Error).message}`);
      }
      if (m.sweepId !== plan.sweepId) {
        throw new SweepResultsError(manifestPath, `holds sweep "${m.sweep}" (id ${m.sweepId}, ${m.jobs} jobs), not sweep "${plan.name}" (id ${plan.sweepId}, ${plan.jobs.length} jobs): use another --out folder`);
      }
      if (m.version !== version) throw new SweepResultsError(manifestPath, `was written by kernel-sim ${m.version}; this is kernel-sim ${version}: results of two versions do not mix`);
    } else {
      if (existsSync(dir) && readdirSync(dir).length > 0) throw new SweepResultsError(dir, `is not empty and has no ${RESULT_FILES.manifest}: not a results folder`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
    }
    store.takeLock();
    try {
      store.readJournal();
    } catch (e) {
      store.release();
      throw e;
    }
    return store;
  }

  private takeLock(): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.lock, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const pid = Number(readFileSync(this.lock, 'utf8'));
        if (Number.isInteger(pid) && pid > 0 && pidAlive(pid)) throw new SweepResultsError(this.lock, `the folder is in use by process ${pid}`);
        rmSync(this.lock, { force: true }); // left by a process that died
      }
    }
  }

  private readJournal(): void {
    if (!existsSync(this.journal)) return;
    const text = readFileSync(this.journal, 'utf8');
    const ids = new Set(this.plan.jobs.map((j) => j.id));
    // A last line without its newline was cut by a crash mid-write: drop it (its job runs again).
    const end = text.lastIndexOf('\n') + 1;
    if (end < text.length) truncateSync(this.journal, Buffer.byteLength(text.slice(0, end)));
    const lines = text.slice(0, end).split('\n');
    lines.pop();
    lines.forEach((line, i) => {
      let r: JobResult;
      try {
        r = parseJsonText(line) as JobResult;
      } catch (e) {
        throw new SweepResultsError(`${this.journal} line ${i + 1}`, `is not a JSON result: ${(e as Error).message}`);
      }
      if (typeof r?.id !== 'string' || !ids.has(r.id)) throw new SweepResultsError(`${this.journal} line ${i + 1}`, `holds job ${JSON.stringify(r?.id)}, which is not a job of sweep "${this.plan.name}"`);
      if (!this.done.has(r.id)) this.done.set(r.id, r);
    });
  }

  /** True when job `id` has a result. */
  has(id: string): boolean {
    return this.done.has(id);
  }

  /** Number of jobs with a result. */
  get size(): number {
    return this.done.size;
  }

  /** The results so far, by job ID. */
  results(): ReadonlyMap<string, JobResult> {
    return this.done;
  }

  /** Records `r` (once: a second result for the same job is ignored). Returns true when new. */
  record(r: JobResult): boolean {
    if (this.done.has(r.id)) return false;
    appendFileSync(this.journal, JSON.stringify(r) + '\n');
    this.done.set(r.id, r);
    return true;
  }

  /** Writes jobs.parquet and series.parquet from the results so far, in plan order. */
  writeTables(): void {
    const rows = [];
    const results = [];
    for (const p of this.plan.jobs) {
      const r = this.done.get(p.id);
      if (!r) continue;
      rows.push(jobRow(p, r));
      results.push(r);
    }
    writeFileSync(join(this.dir, RESULT_FILES.jobs), columnsToParquet(rowsToColumns(rows)));
    writeFileSync(join(this.dir, RESULT_FILES.series), columnsToParquet(seriesColumns(results)));
  }

  /** Releases the folder. */
  release(): void {
    rmSync(this.lock, { force: true });
  }
}
