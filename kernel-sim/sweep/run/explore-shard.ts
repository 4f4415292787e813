/**
 * One shard of an exploration, counted rather than kept: runs, steps, failures by kind and the
 * first few failing schedules. Unlike `sync`'s `explore`, failing runs are not replayed with
 * recording (a schedule string replays any of them with `kernel-sim replay`), so a shard of
 * 100,000 runs stays as fast and as small as its runs. Simplification: each shard has its own
 * lock-order checker, so a lock-class cycle whose edges fall in different shards is not seen.
 * @module
 */
import { getScenario } from '../../audit/scenarios/index.js';
import { encodeSchedule, executeRun, LockOrderChecker, PctStrategy, RandomStrategy, type Chooser, type RunOptions } from '../../sync/index.js';
import { shardSeed, type ExploreJob } from '../plan/job.js';
import { ShardedDfs } from './sharded-dfs.js';

/** Failing schedules kept per shard. */
const KEPT_SCHEDULES = 5;

/** What a shard found. */
export interface ShardFigures {
  /** The scenario's full name (`hep-01/audited/cpus=4`). */
  readonly scenarioName: string;
  /** Runs of this shard. */
  readonly runs: number;
  readonly steps: number;
  /** DFS: runs made only to reach split points of other shards. */
  readonly probeRuns: number;
  /** DFS: every schedule of the shard within the bound ran. */
  readonly complete: boolean;
  readonly failures: number;
  /** Failures by kind, `invariant:12,deadlock:1`. */
  readonly failureKinds: string;
  /** Up to five failing schedules, space-separated. */
  readonly failingSchedules: string;
  readonly firstFailureMessage: string | null;
}

/** Runs the shard `job` describes. */
export function exploreShard(job: ExploreJob): ShardFigures {
  const scenario = getScenario(job.scenario).build(job.variant, job.params);
  const checker = new LockOrderChecker();
  const opts: RunOptions = { maxSteps: job.maxSteps, spinBound: job.spinBound, record: false, lockOrder: checker };
  const dfs = job.strategy === 'dfs' ? new ShardedDfs(job.bound, job.splitDepth, job.shard, job.shards) : null;
  const seed = shardSeed(job.seed, job.shard);
  const other = job.strategy === 'random' ? new RandomStrategy(seed) : job.strategy === 'pct' ? new PctStrategy(seed, job.depth) : null;
  const kinds = new Map<string, number>();
  const kept: string[] = [];
  let firstMessage: string | null = null;
  let runs = 0;
  let probeRuns = 0;
  let steps = 0;
  let failures = 0;
  let complete = false;
  while (runs < job.runs) {
    let chooser: Chooser;
    if (dfs) {
      if (!dfs.nextRun()) {
        complete = true;
        break;
      }
      chooser = dfs;
    } else chooser = other!.nextRun();
    checker.beginRun(`run ${runs + probeRuns}`);
    const out = executeRun(scenario, chooser, opts);
    if (chooser.endRun) chooser.endRun(out.choices.length);
    if (dfs && !dfs.owned) {
      probeRuns++;
      continue;
    }
    runs++;
    steps += out.choices.length;
    if (out.failure) {
      failures++;
      kinds.set(out.failure.kind, (kinds.get(out.failure.kind) ?? 0) + 1);
      if (kept.length < KEPT_SCHEDULES) kept.push(encodeSchedule(scenario.name, out.choices));
      firstMessage ??= out.failure.message;
    }
  }
  const failureKinds = [...kinds].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${k}:${n}`).join(',');
  return { scenarioName: scenario.name, runs, steps, probeRuns, complete, failures, failureKinds, failingSchedules: kept.join(' '), firstFailureMessage: firstMessage };
}
