/**
 * The sweep's side of the queue: puts the jobs on the BullMQ queue (the job ID makes a second
 * submission of the same job a no-op), then gathers each result once, polling the jobs it still
 * waits for. A job BullMQ gave up on (its workers died more often than allowed) is a failed
 * result with BullMQ's reason. Gathered jobs are removed from Redis after they are journaled.
 * @module
 */
import { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { KernelSimError } from '../../util/errors.js';
import { SweepQueueError } from '../errors.js';
import type { PlannedJob } from '../plan/job.js';
import type { JobResult } from '../run/result.js';
import { failedResult } from '../run/run-job.js';
import type { Executor } from '../run-sweep.js';
import { connectRedis, QUEUE_NAME, queueJobId, safeUrl, type JobEnvelope } from './connection.js';

/** How often the submitter looks for finished jobs. */
const POLL_MS = 250;

/** An executor that runs jobs on whatever workers serve the queue at `url`. */
export async function queueExecutor(url: string, sweepId: string, version: string): Promise<Executor> {
  let lostError: SweepQueueError | null = null;
  let wake: (() => void) | null = null;
  const redis: Redis = await connectRedis(url, (e) => {
    lostError = e;
    wake?.();
  });
  const queue = new Queue(QUEUE_NAME, { connection: redis });
  queue.on('error', () => {}); // reported through connectRedis's onLost
  const check = (): void => {
    if (lostError) throw lostError;
  };
  return {
    async execute(jobs: readonly PlannedJob[], onResult: (r: JobResult) => void): Promise<void> {
      try {
        await gather(jobs, onResult);
      } catch (e) {
        // A command that failed because Redis went away: say so, naming the queue.
        if (lostError) throw lostError;
        if (e instanceof KernelSimError) throw e;
        throw new SweepQueueError(safeUrl(url), `Redis failed: ${(e as Error)?.message ?? String(e)}`);
      }
    },
    async close() {
      await queue.close().catch(() => {});
      redis.disconnect();
    },
  };

  async function gather(jobs: readonly PlannedJob[], onResult: (r: JobResult) => void): Promise<void> {
    const byQueueId = new Map(jobs.map((j) => [queueJobId(sweepId, j.id), j] as const));
    for (let i = 0; i < jobs.length; i += 500) {
      const chunk = jobs.slice(i, i + 500).map((job) => ({
        name: job.job.kind,
        data: { format: 1, version, sweepId, job } satisfies JobEnvelope,
        opts: { jobId: queueJobId(sweepId, job.id), attempts: 1, removeOnComplete: false, removeOnFail: false },
      }));
      await queue.addBulk(chunk);
      check();
    }
    const waiting = new Set(byQueueId.keys());
    while (waiting.size > 0) {
      check();
      for (const qid of [...waiting].slice(0, 1000)) {
        const job = await Job.fromId(queue, qid);
        check();
        if (!job) continue;
        let r: JobResult | null = null;
        if (job.finishedOn && job.returnvalue) r = (typeof job.returnvalue === 'string' ? JSON.parse(job.returnvalue) : job.returnvalue) as JobResult;
        else if (job.failedReason) r = failedResult(byQueueId.get(qid)!.id, `QueueError: ${job.failedReason}`, 'queue');
        if (!r) continue;
        onResult(r);
        waiting.delete(qid);
        await job.remove().catch(() => {});
      }
      if (waiting.size > 0) await new Promise<void>((res) => {
        wake = res;
        setTimeout(res, POLL_MS);
      });
    }
  }
}
