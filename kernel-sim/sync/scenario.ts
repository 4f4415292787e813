/**
 * A scenario: a function that builds a fresh world (CPUs, threads, locks, atomics, pending
 * interrupts, checks) for one run. It is called once per run and must be deterministic: the
 * schedule is its only source of variation.
 * @module
 */
import type { World } from './world.js';

/** Result of a check: `true`/`undefined` is fine; `false` or a message is a violation. */
export type Verdict = boolean | string | void;

/** A concurrency scenario. */
export interface Scenario {
  /** Name, written into schedule strings (letters, digits, `-`, `_`, `.`). */
  readonly name: string;
  /** Builds the world of one run. */
  setup(world: World): void;
  /** Allow contexts to exit holding locks (otherwise a `lock-leak` failure). */
  readonly allowLockLeaks?: boolean;
}
