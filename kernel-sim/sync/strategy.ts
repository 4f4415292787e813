/**
 * The interface between the run executor and exploration strategies. At every step the
 * executor lists the enabled choices as integer codes and asks the run's {@link Chooser} to pick
 * one. A code `c >= 0` runs CPU `c`'s top context to its next preemption point; a code `~c`
 * (that is `-(c + 1)`) delivers CPU `c`'s next pending interrupt and runs its handler to its
 * first preemption point. Codes are listed CPUs first, ascending, then interrupts.
 * @module
 */

/** What a chooser may ask the running world (to explain a choice it cannot make). */
export interface RunView {
  /** The scenario's name. */
  readonly scenario: string;
  /** Number of CPUs. */
  readonly cpuCount: number;
  /** Why `code` is not enabled now, in words. */
  explain(code: number): string;
}

/** Picks the choices of one run. */
export interface Chooser {
  /**
   * Returns the index in `enabled[0..n)` of the choice to make at `step`. `lastCpu` is the CPU
   * that ran the previous step (-1 at the start): continuing it is not a preemption.
   */
  pick(step: number, enabled: Int32Array, n: number, lastCpu: number, view: RunView): number;
  /** Told when the run ends, with its number of steps. */
  endRun?(steps: number): void;
}

/** A way of exploring a scenario's schedules: one chooser per run until exhausted. */
export interface Strategy {
  /** Name shown in results (`random`, `pct(d=2)`, `dfs(bound=2)`...). */
  readonly name: string;
  /** The chooser of the next run, or null when the strategy has nothing more to try. */
  nextRun(): Chooser | null;
}

/** The CPU a choice code refers to. */
export function cpuOfChoice(code: number): number {
  return code >= 0 ? code : ~code;
}

/** True when a choice code delivers an interrupt. */
export function isIrqChoice(code: number): boolean {
  return code < 0;
}

/**
 * True when making `code` after `lastCpu` ran is a preemption (CHESS): the previous CPU could
 * have continued (`lastCpu` is among the enabled run codes) but something else is chosen.
 * Delivering an interrupt to the running CPU counts, as it switches away from the thread.
 */
export function isPreemption(code: number, lastCpu: number, enabled: Int32Array, n: number): boolean {
  if (lastCpu < 0 || code === lastCpu) return false;
  for (let i = 0; i < n; i++) if (enabled[i] === lastCpu) return true;
  return false;
}
