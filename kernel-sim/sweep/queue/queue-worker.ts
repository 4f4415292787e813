/**
 * A queue worker (`kernel-sim worker redis://...`): takes jobs from the BullMQ queue and runs
 * them on a pool of this machine's cores. A worker killed mid-job loses nothing: its jobs' locks
 * expire and BullMQ's stalled-job check hands them to another worker. A job made by another
 * kernel-sim version is put back on the queue untouched and the worker stops with an error.
 * @module
 */
import { DelayedError, Worker, type Job } from 'bullmq';
import { SweepVersionError, type SweepQueueError } from '../errors.js';
import { LocalPool } from '../pool/local-pool.js';
import type { JobResult } from '../run/result.js';
import { connectRedis, QUEUE_NAME, type JobEnvelope } from './connection.js';

/** Options of {@link startQueueWorker}. */
export interface QueueWorkerOptions {
  readonly url: string;
  readonly root: string;
  readonly version: string;
  /** Threads (default: every core). */
  readonly threads?: number;
  /** Job lock in ms: a dead worker's jobs go back to the queue after about this long (default 30 s). */
  readonly lockMs?: number;
  /** Called for each job done. */
  readonly onJob?: (r: JobResult) => void;
}

/** A running worker; `done` settles when it stops (rejects on a version mismatch or a lost Redis). */
export interface RunningWorker {
  readonly done: Promise<void>;
  close(): Promise<void>;
}

/** Starts a worker on the queue at `opts.url`. @throws SweepQueueError when Redis is not there. */
export async function startQueueWorker(opts: QueueWorkerOptions): Promise<RunningWorker> {
  let fail: (e: Error) => void = () => {};
  let finish: () => void = () => {};
  const done = new Promise<void>((res, rej) => {
    finish = res;
    fail = rej;
  });
  const redis = await connectRedis(opts.url, (e: SweepQueueError) => fail(e));
  const pool = new LocalPool({ root: opts.root, threads: opts.threads });
  const lockDuration = opts.lockMs ?? 30_000;
  let stopping = false;
  const worker = new Worker(
    QUEUE_NAME,
    async (job: Job<JobEnvelope>, token?: string) => {
      const env = job.data;
      if (env.version !== opts.version) {
        // Back on the queue for a worker of the right version; this one stops.
        await job.moveToDelayed(Date.now() + 1000, token);
        fail(new SweepVersionError(env.job?.id ?? String(job.id), String(env.version), opts.version));
        throw new DelayedError();
      }
      const r = await pool.run(env.job);
      opts.onJob?.(r);
      return r;
    },
    { connection: redis, concurrency: pool.threads, lockDuration, stalledInterval: lockDuration, maxStalledCount: 3, autorun: true },
  );
  worker.on('error', () => {}); // connection trouble: reported through connectRedis's onLost
  const close = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await worker.close().catch(() => {});
    await pool.close();
    redis.disconnect();
    finish();
  };
  done.catch(() => close());
  return { done, close };
}
