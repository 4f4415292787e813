/**
 * Exploring a scenario under a strategy, and replaying a schedule string. Explorations run
 * without recording; each failing run is replayed from its schedule with recording on, so a
 * reported failure always has its trace and a schedule that provably reproduces it.
 * @module
 */
import { KernelSimError } from '../util/errors.js';
import type { Failure } from './failure.js';
import { LockOrderChecker } from './lock-order.js';
import { executeRun, type RawFailure, type RunOptions } from './run.js';
import type { Scenario } from './scenario.js';
import { decodeScheduleRuns, encodeSchedule, ScheduleMismatchError } from './schedule-string.js';
import type { Strategy } from './strategy.js';
import { DfsStrategy, type DfsShard } from './strategies/dfs.js';
import { PctStrategy } from './strategies/pct.js';
import { RandomStrategy } from './strategies/random.js';
import { ReplayChooser, RunLengthReplayChooser } from './strategies/replay.js';
import type { TraceEvent } from './trace.js';
import type { World } from './world.js';

/** The built-in strategies. */
export type StrategyName = 'random' | 'pct' | 'dfs';

/** Limits shared by explore and replay. */
export interface RunLimits {
  /** Steps after which a run is a liveness failure (default 10,000). */
  readonly maxSteps?: number;
  /** Spins after which a blocked context is a liveness failure (default 1,000). */
  readonly spinBound?: number;
  /**
   * The lock-order checker (default: a fresh one per exploration or replay, so class cycles
   * across the runs of one exploration are found); `false` turns lock-order checking off.
   */
  readonly lockOrder?: LockOrderChecker | false;
}

/** Options of {@link explore}. */
export interface ExploreOptions extends RunLimits {
  /** Strategy (default `dfs`), or your own. */
  readonly strategy?: StrategyName | Strategy;
  /** Seed of `random` and `pct` (default 1). */
  readonly seed?: number;
  /** Maximum runs (default 1,000 for random and pct, 1,000,000 for dfs). */
  readonly runs?: number;
  /** Preemption bound of `dfs` (default 2). */
  readonly preemptionBound?: number;
  /** `dfs`: explore only this shard of the schedule tree (default the whole tree). */
  readonly shard?: DfsShard;
  /** Depth d of `pct` (default 2). */
  readonly depth?: number;
  /** Stop at the first failure (default true). */
  readonly stopOnFailure?: boolean;
  /** Stop after this many failures when not stopping at the first (default 20; `Infinity` runs on). */
  readonly maxFailures?: number;
  /**
   * Failures kept with their schedule and trace (default `maxFailures`, at most 1,000): the first ones found. Later
   * failures are only counted ({@link ExploreResult.failureCount}, by kind), so memory stays
   * flat however many runs fail.
   */
  readonly keepFailures?: number;
  /** Called every `progressEvery` runs with the runs done so far (for progress bars). */
  readonly onProgress?: (runs: number) => void;
  /** Default 1,000. */
  readonly progressEvery?: number;
}

/** What an exploration found. */
export interface ExploreResult {
  /** Scenario name. */
  readonly scenario: string;
  /** Strategy name with its parameters. */
  readonly strategy: string;
  /** Runs executed (a sharded DFS: runs of its own shard, probes not counted). */
  readonly runs: number;
  /** Steps executed over all runs. */
  readonly steps: number;
  /** True when the strategy ran out of schedules (dfs: every schedule within the bound ran). */
  readonly complete: boolean;
  /** The failures kept (the first `keepFailures`), each with its schedule and trace. */
  readonly failures: Failure[];
  /** Failing runs in all, kept or not. */
  readonly failureCount: number;
  /** Failing runs by failure kind. */
  readonly failureKinds: Readonly<Record<string, number>>;
}

/** One replayed (or single) run. */
export interface RunResult {
  /** Scenario name. */
  readonly scenario: string;
  /** True when the run completed and every check held. */
  readonly ok: boolean;
  /** The failure, if any. */
  readonly failure: Failure | null;
  /** The run's schedule string. */
  readonly schedule: string;
  /** Steps taken. */
  readonly steps: number;
  /** The run's events. */
  readonly trace: readonly TraceEvent[];
  /** The run's world after the run (thread results, final state). */
  readonly world: World;
}

/** A scenario name unknown to a registry (used by the CLI and notebooks). */
export class UnknownScenarioError extends KernelSimError {
  constructor(
    /** The name asked for. */
    readonly scenario: string,
    /** The names known. */
    readonly known: readonly string[],
  ) {
    super(`unknown scenario '${scenario}'; known: ${known.join(', ') || '(none)'}`);
  }
}

function runOptions(limits: RunLimits, record: boolean, checker: LockOrderChecker | null): RunOptions {
  return { maxSteps: limits.maxSteps ?? 10_000, spinBound: limits.spinBound ?? 1_000, record, lockOrder: checker };
}

function makeStrategy(o: ExploreOptions): Strategy {
  const s = o.strategy ?? 'dfs';
  if (typeof s !== 'string') return s;
  switch (s) {
    case 'random':
      return new RandomStrategy(o.seed ?? 1);
    case 'pct':
      return new PctStrategy(o.seed ?? 1, o.depth ?? 2);
    case 'dfs':
      return new DfsStrategy(o.preemptionBound ?? 2, o.shard);
    default:
      throw new KernelSimError(`unknown strategy '${String(s)}' (random, pct or dfs)`);
  }
}

function complete(raw: RawFailure, schedule: string, trace: readonly TraceEvent[]): Failure {
  return { ...raw, schedule, trace };
}

/** Explores `scenario`'s schedules under a strategy and reports the failures found. */
export function explore(scenario: Scenario, opts: ExploreOptions = {}): ExploreResult {
  const strategy = makeStrategy(opts);
  const checker = opts.lockOrder === false ? null : (opts.lockOrder ?? new LockOrderChecker());
  const defaultRuns = strategy instanceof DfsStrategy ? 1_000_000 : 1_000;
  const maxRuns = opts.runs ?? defaultRuns;
  const stop = opts.stopOnFailure ?? true;
  const maxFailures = opts.maxFailures ?? 20;
  const keep = opts.keepFailures ?? Math.min(maxFailures, 1_000);
  const kinds: Record<string, number> = {};
  let failureCount = 0;
  const every = opts.progressEvery ?? 1_000;
  const run = runOptions(opts, false, checker);
  const failures: Failure[] = [];
  let runs = 0;
  let steps = 0;
  let done = false;
  while (runs < maxRuns) {
    const chooser = strategy.nextRun();
    if (chooser === null) {
      done = true;
      break;
    }
    if (checker) checker.beginRun(`run ${runs}`);
    const out = executeRun(scenario, chooser, run);
    if (chooser.endRun) chooser.endRun(out.choices.length);
    // A sharded DFS's probe run is another shard's schedule: neither counted nor kept in the lock graph.
    if (strategy instanceof DfsStrategy && strategy.probing) {
      if (checker) checker.undoRun();
      continue;
    }
    runs++;
    steps += out.choices.length;
    if (opts.onProgress && runs % every === 0) opts.onProgress(runs);
    if (out.failure) {
      failureCount++;
      kinds[out.failure.kind] = (kinds[out.failure.kind] ?? 0) + 1;
      if (failures.length < keep) {
        const schedule = encodeSchedule(scenario.name, out.choices);
        // Replay with recording, against the checker as it was before this run.
        const again = executeRun(scenario, new ReplayChooser(out.choices), runOptions(opts, true, checker ? checker.beforeRun() : null));
        failures.push(complete(again.failure ?? out.failure, schedule, again.trace));
      }
      if (stop || failureCount >= maxFailures) break;
    }
  }
  return { scenario: scenario.name, strategy: strategy.name, runs, steps, complete: done, failures, failureCount, failureKinds: kinds };
}

/**
 * Re-runs `scenario` exactly as `schedule` says, with its trace. A schedule that is malformed,
 * names another scenario, or does not fit (a choice that cannot be made, too few or too many
 * steps) throws a {@link ScheduleFormatError} or {@link ScheduleMismatchError} naming the step.
 */
export function replay(scenario: Scenario, schedule: string, limits: RunLimits = {}): RunResult {
  const d = decodeScheduleRuns(schedule);
  if (d.scenario !== scenario.name) {
    throw new ScheduleMismatchError(scenario.name, 0, 'scenario', `the schedule was recorded for scenario '${d.scenario}'`);
  }
  const checker = limits.lockOrder === false ? null : (limits.lockOrder ?? new LockOrderChecker());
  if (checker) checker.beginRun('replay');
  // Expanded step by step as the run asks: the run's own step limit bounds the cost.
  const out = executeRun(scenario, new RunLengthReplayChooser(d.runs, d.steps), runOptions(limits, true, checker));
  if (out.choices.length < d.steps) {
    const end = out.failure ? `with a ${out.failure.kind} failure` : 'with every thread finished';
    throw new ScheduleMismatchError(
      scenario.name, out.choices.length, 'too-long',
      `the run ended at step ${out.choices.length} ${end}, but the schedule has ${d.steps - out.choices.length} more steps`,
    );
  }
  const failure = out.failure ? complete(out.failure, schedule, out.trace) : null;
  return { scenario: scenario.name, ok: failure === null, failure, schedule, steps: out.choices.length, trace: out.trace, world: out.world };
}

/** One run under a seeded random schedule, with its trace (for notebooks that want one example). */
export function runOnce(scenario: Scenario, opts: RunLimits & { seed?: number } = {}): RunResult {
  const checker = opts.lockOrder === false ? null : (opts.lockOrder ?? new LockOrderChecker());
  const out = executeRun(scenario, new RandomStrategy(opts.seed ?? 1), runOptions(opts, true, checker));
  const schedule = encodeSchedule(scenario.name, out.choices);
  const failure = out.failure ? complete(out.failure, schedule, out.trace) : null;
  return { scenario: scenario.name, ok: failure === null, failure, schedule, steps: out.choices.length, trace: out.trace, world: out.world };
}
