/**
 * Runs a planned sweep into a results folder on an executor (the local pool or a Redis queue):
 * the jobs the folder lacks, each result journaled as it arrives, then the Parquet tables.
 * @module
 */
import type { PlannedJob } from './plan/job.js';
import type { SweepPlan } from './plan/sweep-file.js';
import { LocalPool } from './pool/local-pool.js';
import type { ResultsStore } from './results/store.js';
import type { JobResult } from './run/result.js';

/** Where jobs run. `execute` calls `onResult` once per job and resolves when all are in. */
export interface Executor {
  execute(jobs: readonly PlannedJob[], onResult: (r: JobResult) => void): Promise<void>;
  close(): Promise<void>;
}

/** Counts shown while a sweep runs. */
export interface SweepProgress {
  readonly done: number;
  readonly total: number;
  readonly failed: number;
  /** Jobs found in the folder when it opened. */
  readonly skipped: number;
}

/** What a sweep run did. */
export interface SweepOutcome extends SweepProgress {
  /** Jobs run by this call. */
  readonly ran: number;
}

/** The local pool as an executor: at most one job per thread in flight (so a limit times the job, not its wait). */
export function localExecutor(root: string, threads?: number): Executor {
  const pool = new LocalPool({ root, threads });
  return {
    async execute(jobs, onResult) {
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < jobs.length) onResult(await pool.run(jobs[next++]!));
      };
      await Promise.all(Array.from({ length: pool.threads }, lane));
    },
    close: () => pool.close(),
  };
}

/** Runs the jobs of `plan` that `store` lacks on `executor`, then writes the tables. */
export async function runSweep(plan: SweepPlan, store: ResultsStore, executor: Executor, onProgress?: (p: SweepProgress) => void): Promise<SweepOutcome> {
  const todo = plan.jobs.filter((j) => !store.has(j.id));
  const skipped = plan.jobs.length - todo.length;
  let failed = [...store.results().values()].filter((r) => r.status === 'failed').length;
  let ran = 0;
  const progress = (): SweepProgress => ({ done: store.size, total: plan.jobs.length, failed, skipped });
  onProgress?.(progress());
  await executor.execute(todo, (r) => {
    if (!store.record(r)) return;
    ran++;
    if (r.status === 'failed') failed++;
    onProgress?.(progress());
  });
  store.writeTables();
  return { ...progress(), ran };
}
