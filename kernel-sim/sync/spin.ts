/**
 * Spin loops on a condition (a flag, a reference count, a CAS that must succeed), as in
 * `RawPageTableNode::lock` (Target 7) and `from_unused`'s wait (Target 3). Written as
 * `yield* spinUntil(cond, what)` the loop stays finite for exploration: the scheduler runs the
 * waiter only once `cond()` holds and counts the steps others take meanwhile as its spins, so
 * the bounded-spin liveness check applies to it.
 * @module
 */
import type { Co, SpinEffect } from './effect.js';
import type { SimThread } from './thread.js';

/**
 * Spins until `until()` is true. `holder`, when given, names the context that must act for
 * the condition to become true (it makes deadlock and liveness reports precise).
 */
export function* spinUntil(until: () => boolean, what: string, holder?: () => SimThread | null): Co<void> {
  const e: SpinEffect = holder ? { kind: 'spin', what, until, holder } : { kind: 'spin', what, until };
  // The first test of the condition is a read of shared state: always a preemption point.
  do yield e;
  while (!until());
}
