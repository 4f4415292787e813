/**
 * A worker-thread pool on every core (piscina) that runs planned jobs. A job past its time
 * limit is aborted (piscina ends its thread and starts another) and comes back as a failed
 * result; so does a thread that crashes. The pool never rejects: every job gives a result.
 * @module
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { PlannedJob } from '../plan/job.js';
import type { JobResult } from '../run/result.js';
import { errorLine, failedResult, workerName } from '../run/run-job.js';
import type { WorkerTask } from './worker-task.js';

/** Options of {@link LocalPool}. */
export interface LocalPoolOptions {
  /** Worker threads (default: every core). */
  readonly threads?: number;
  /** The package root. */
  readonly root: string;
}

/**
 * Each worker's young generation, above V8's default: explorations and
 * workloads make short-lived objects fast, and a larger nursery means fewer scavenges, whose
 * helper threads compete with the other workers for the cores. Measured on 2 cores, 8 HEP-01
 * shards on 2 threads: 6.4 s against 6.85 s (mean of 4), each job slowed 1.06x by the other
 * thread against 1.13x.
 */
const YOUNG_GENERATION_MB = 64;

/** The worker file: compiled JS when this module is compiled, else the tsx bootstrap. */
function workerFile(): string {
  const here = import.meta.url;
  return here.endsWith('.js') ? new URL('./worker-task.js', here).href : new URL('./tsx-worker.mjs', here).href;
}

/** A pool of worker threads running jobs. */
export class LocalPool {
  private readonly pool: Piscina;
  private readonly root: string;
  /** Number of threads. */
  readonly threads: number;

  constructor(opts: LocalPoolOptions) {
    this.threads = Math.max(1, opts.threads ?? availableParallelism());
    this.root = opts.root;
    this.pool = new Piscina({
      filename: workerFile(), minThreads: this.threads, maxThreads: this.threads, idleTimeout: 60_000, concurrentTasksPerWorker: 1,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
  }

  /** Runs `job`; a job past its limit or a thread that died gives a failed result. */
  async run(job: PlannedJob): Promise<JobResult> {
    const task: WorkerTask = { job, root: this.root };
    const t0 = performance.now();
    const signal = AbortSignal.timeout(job.timeoutMs);
    try {
      return (await this.pool.run(task, { signal })) as JobResult;
    } catch (e) {
      const why = signal.aborted ? `TimeoutError: the job ran past its limit of ${job.timeoutMs / 1000} s and was stopped` : `WorkerError: ${errorLine(e)}`;
      return failedResult(job.id, why, workerName(), performance.now() - t0);
    }
  }

  /** Ends the threads. */
  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
