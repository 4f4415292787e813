/**
 * What a failing run reports. Every failure carries the schedule string that replays it.
 * @module
 */
import type { TraceEvent } from './trace.js';

/**
 * - `invariant`: a scenario check returned false or a message, or threw;
 * - `exception`: a thread or handler threw (a `KernelPanic`, a typed error, a bug);
 * - `deadlock`: a wait-for cycle (across CPUs, or a handler waiting for a lock the context it
 *   interrupted holds: the IRQ self-deadlock);
 * - `liveness`: a context spun more than the spin bound, waits for a lock whose holder has
 *   exited, or waits for a condition nobody can make true; or the run exceeded its step bound;
 * - `lock-order`: the lock-order checker reported a violation;
 * - `lock-leak`: a context exited holding a lock.
 */
export type FailureKind = 'invariant' | 'exception' | 'deadlock' | 'liveness' | 'lock-order' | 'lock-leak';

/** One edge of a wait-for chain. */
export interface WaitEdge {
  /** The waiting context. */
  readonly thread: string;
  /** Its CPU. */
  readonly cpu: number;
  /** `lock`: spins on a lock; `interrupted`: suspended under a handler; `condition`: spins on a condition. */
  readonly via: 'lock' | 'interrupted' | 'condition';
  /** The lock or condition (for `interrupted`, the handler's name). */
  readonly what: string;
  /** The context it waits for. */
  readonly waitsFor: string;
}

/** A failed run. */
export interface Failure {
  /** The class of failure. */
  readonly kind: FailureKind;
  /** A readable account with the names of threads, CPUs and locks. */
  readonly message: string;
  /** The step at which it was detected. */
  readonly step: number;
  /** The schedule string that replays the run up to this failure. */
  readonly schedule: string;
  /** The context that failed or waits, when there is one. */
  readonly thread: string | null;
  /** Its CPU, or -1. */
  readonly cpu: number;
  /** For `deadlock` and `liveness`: the wait-for chain (a cycle for deadlocks). */
  readonly cycle: readonly WaitEdge[];
  /** The thrown value for `exception`, `invariant` (when thrown) and `lock-order`. */
  readonly error: unknown;
  /** The replayed run's events (empty when recording was off). */
  readonly trace: readonly TraceEvent[];
}
