/**
 * One shard of an exploration, counted rather than kept: runs, steps, failures by kind, the
 * first few failing schedules and the shard's lock-class dependency edges. Unlike `sync`'s
 * `explore`, failing runs are not replayed with recording (a schedule string replays any of
 * them with `kernel-sim replay`), so a shard of 100,000 runs stays as fast and as small as its
 * runs. DFS shards are `sync`'s own DFS on a share of the tree (`DfsShard`).
 *
 * Lock-class cycles are not checked inside a shard: its checker records the edges (each with
 * the schedule that first showed it), and whoever gathers the shards checks the union
 * (`lockOrderCycles`), so a cycle whose edges fall in different shards is found, and a run's
 * verdict depends on its schedule only. The other lock-order rules fail runs as they do in `explore`.
 * @module
 */
import { getScenario } from '../../audit/scenarios/index.js';
import {
  DfsStrategy, encodeSchedule, executeRun, LockOrderChecker, PctStrategy, RandomStrategy,
  type LockDependency, type RunOptions, type Scenario, type Strategy,
} from '../../sync/index.js';
import { shardSeed, type ExploreJob } from '../plan/job.js';

/** Failing schedules kept per shard. */
const KEPT_SCHEDULES = 5;
/** Lock-class edges kept per shard (one per pair of classes: scenarios have a handful of classes). */
export const KEPT_LOCK_EDGES = 256;

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
  /** The lock-class dependency edges seen, as JSON (`LockDependency[]`, witness `run` a schedule string), at most {@link KEPT_LOCK_EDGES}. */
  readonly lockEdges: string;
  /** Edges seen past {@link KEPT_LOCK_EDGES} and left out of `lockEdges`. */
  readonly lockEdgesDropped: number;
}

function strategyOf(job: ExploreJob): Strategy {
  if (job.strategy === 'dfs') return new DfsStrategy(job.bound, { splitDepth: job.splitDepth, shard: job.shard, shards: job.shards });
  const seed = shardSeed(job.seed, job.shard);
  return job.strategy === 'random' ? new RandomStrategy(seed) : new PctStrategy(seed, job.depth);
}

/** Runs the shard `job` describes, of the registry's scenario (or of `scenario`, for one of your own). */
export function exploreShard(job: ExploreJob, scenario: Scenario = getScenario(job.scenario).build(job.variant, job.params)): ShardFigures {
  const checker = new LockOrderChecker({ classCycles: false });
  const opts: RunOptions = { maxSteps: job.maxSteps, spinBound: job.spinBound, record: false, lockOrder: checker };
  const strategy = strategyOf(job);
  const dfs = strategy instanceof DfsStrategy ? strategy : null;
  const kinds = new Map<string, number>();
  const kept: string[] = [];
  const edges: LockDependency[] = [];
  let edgesDropped = 0;
  let firstMessage: string | null = null;
  let runs = 0;
  let probeRuns = 0;
  let steps = 0;
  let failures = 0;
  let complete = false;
  while (runs < job.runs) {
    const chooser = strategy.nextRun();
    if (chooser === null) {
      complete = true;
      break;
    }
    checker.beginRun(`run ${runs + probeRuns}`);
    const out = executeRun(scenario, chooser, opts);
    if (chooser.endRun) chooser.endRun(out.choices.length);
    if (dfs?.probing) {
      // A probe's edges are left out, as its other figures: the shard owning that schedule reports them.
      checker.undoRun();
      probeRuns++;
      continue;
    }
    // A new edge's witness is the schedule of the run that showed it.
    const added = checker.addedInRun();
    if (added.length > 0) {
      const schedule = encodeSchedule(scenario.name, out.choices);
      for (const d of added) {
        if (edges.length < KEPT_LOCK_EDGES) edges.push({ from: d.from, to: d.to, witness: { ...d.witness, run: schedule } });
        else edgesDropped++;
      }
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
  return {
    scenarioName: scenario.name, runs, steps, probeRuns, complete, failures, failureKinds, failingSchedules: kept.join(' '),
    firstFailureMessage: firstMessage, lockEdges: JSON.stringify(edges), lockEdgesDropped: edgesDropped,
  };
}
