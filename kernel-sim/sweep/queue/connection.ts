/**
 * Redis connections for the sweep queue: `redis://HOST:PORT/N` parsed and checked, a connection
 * that fails fast when Redis is not there (a typed error naming the URL) and gives up after a
 * few seconds of reconnecting when it goes away, and the job envelope both sides share.
 * @module
 */
import { Redis } from 'ioredis';
import { SweepQueueError } from '../errors.js';
import type { PlannedJob } from '../plan/job.js';

/** The BullMQ queue every sweep and worker use. */
export const QUEUE_NAME = 'kernel-sim-sweep';

/** What a queued job carries: the job and who made it. */
export interface JobEnvelope {
  readonly format: 1;
  /** kernel-sim version of the submitter: a worker of another version refuses the job. */
  readonly version: string;
  readonly sweepId: string;
  readonly job: PlannedJob;
}

/** The BullMQ job ID of a sweep's job (BullMQ IDs may not contain ':'). */
export function queueJobId(sweepId: string, jobId: string): string {
  return `${sweepId}-${jobId}`;
}

/** The URL without a password, for messages. */
export function safeUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/** Checks `url` is `redis://HOST[:PORT][/N]`. @throws SweepQueueError. */
export function checkRedisUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SweepQueueError(safeUrl(url), 'is not a URL (expected redis://HOST:PORT/N)');
  }
  if (u.protocol !== 'redis:') throw new SweepQueueError(safeUrl(url), `has scheme ${u.protocol} (expected redis://HOST:PORT/N)`);
  if (u.pathname !== '' && u.pathname !== '/' && !/^\/\d+$/.test(u.pathname)) throw new SweepQueueError(safeUrl(url), `database ${u.pathname.slice(1)} is not a number`);
  return u;
}

/** Seconds of failed reconnecting after which a connection gives up. */
const GIVE_UP_MS = 5_000;

/**
 * A connected ioredis client for BullMQ. `onLost` is called once when Redis went away and did
 * not come back within a few seconds.
 * @throws SweepQueueError when Redis is not there.
 */
export async function connectRedis(url: string, onLost: (e: SweepQueueError) => void): Promise<Redis> {
  checkRedisUrl(url);
  let lostSince = 0;
  let lost = false;
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: () => {
      if (lostSince === 0) lostSince = Date.now();
      if (Date.now() - lostSince > GIVE_UP_MS) {
        if (!lost) {
          lost = true;
          onLost(new SweepQueueError(safeUrl(url), `Redis went away and did not come back within ${GIVE_UP_MS / 1000} s`));
        }
        return null;
      }
      return 250;
    },
  });
  redis.on('error', () => {}); // reported through onLost or the connect below
  redis.on('ready', () => (lostSince = 0));
  try {
    await redis.connect();
  } catch (e) {
    redis.disconnect();
    throw new SweepQueueError(safeUrl(url), `cannot connect: ${(e as Error).message || String(e)} (is redis-server running?)`);
  }
  return redis;
}
