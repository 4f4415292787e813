/**
 * The task a pool's worker thread runs: one planned job, by {@link runJob}. Loaded by piscina
 * from the compiled JS next to it, or from this source through `tsx-worker.mjs`.
 * @module
 */
import { threadId } from 'node:worker_threads';
import type { PlannedJob } from '../plan/job.js';
import type { JobResult } from '../run/result.js';
import { runJob, workerName } from '../run/run-job.js';

/** What the pool sends a worker thread. */
export interface WorkerTask {
  readonly job: PlannedJob;
  /** The package root (memory maps and fuzz corpora are found under it). */
  readonly root: string;
  /** Name of the process, for the results' worker column. */
  readonly worker?: string;
}

/** Runs the task's job. */
export default function workerTask(task: WorkerTask): JobResult {
  return runJob(task.job, task.root, task.worker ?? workerName(threadId));
}
