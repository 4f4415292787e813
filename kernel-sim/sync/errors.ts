/**
 * Typed errors of the concurrency layer that are not lock-order reports
 * (those are {@link LockOrderViolation} in lock-order.ts).
 * @module
 */
import { KernelSimError } from '../util/errors.js';

/**
 * Synchronous code ({@link runToCompletion}, `withLock`) reached an operation that would
 * wait: a lock held by someone else or by itself (a self-deadlock), or an unmet spin condition.
 */
export class WouldBlockError extends KernelSimError {
  constructor(
    /** The lock or condition waited for. */
    readonly what: string,
    /** Name of the context holding it, when known. */
    readonly holder: string | null,
    /** True when the holder is the waiting context itself: it would spin forever. */
    readonly selfDeadlock: boolean,
  ) {
    super(
      selfDeadlock
        ? `self-deadlock: ${what} is already held by the running context '${holder}'; spinning on it would never end`
        : `synchronous code cannot wait for ${what}` + (holder ? ` (held by '${holder}')` : '') +
          '; run it under the scheduler (explore/replay) instead',
    );
  }
}

/** A spin guard was released twice, or by a context that does not hold the lock. */
export class GuardError extends KernelSimError {
  constructor(
    /** The lock. */
    readonly lock: string,
    /** What was wrong. */
    readonly reason: string,
  ) {
    super(`spin lock '${lock}': ${reason}`);
  }
}

/** A scenario behaved differently on two runs with the same choices (it must be deterministic). */
export class NondeterminismError extends KernelSimError {
  constructor(
    /** Scenario name. */
    readonly scenario: string,
    /** Step at which the runs diverged. */
    readonly step: number,
  ) {
    super(
      `scenario '${scenario}' is not deterministic: at step ${step} the choice made in an earlier run is not available; ` +
        'its setup must not depend on anything but the schedule (no Math.random, no clocks, no state kept across runs)',
    );
  }
}

/** A lock class declared again with a different protocol. */
export class LockClassError extends KernelSimError {
  constructor(readonly lockClass: string, detail: string) {
    super(`lock class '${lockClass}': ${detail}`);
  }
}

/** An exploration option out of its range (a DFS shard, a preemption bound), naming the option. */
export class ExploreOptionError extends KernelSimError {
  constructor(
    /** The option, e.g. `shard.splitDepth`. */
    readonly option: string,
    /** What was wrong. */
    readonly reason: string,
  ) {
    super(`explore option ${option}: ${reason}`);
  }
}
