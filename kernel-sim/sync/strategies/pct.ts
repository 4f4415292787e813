/**
 * PCT, probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS
 * 2010), as Shuttle and Coyote use it. Each run gives every schedulable entity a random distinct
 * priority of at least `depth`, picks `depth - 1` change points among the estimated `k` steps,
 * and always runs the highest-priority enabled entity; at the i-th change point the entity about
 * to run drops to priority `depth - i`, below every initial one. A bug of depth d is then found
 * in each run with probability at least 1/(n·k^(d-1)).
 *
 * Here the entities are the choice codes: each CPU (its thread and the handlers nested on it)
 * and each CPU's interrupt line. The step estimate `k` grows to the longest run seen so far.
 * @module
 */
import { SeededRng } from '../../util/seeded-rng.js';
import type { Chooser, Strategy } from '../strategy.js';

/** Zig-zag index of a choice code (run codes even, interrupt codes odd). */
function slot(code: number): number {
  return code >= 0 ? 2 * code : -2 * code - 1;
}

/** The PCT strategy. */
export class PctStrategy implements Strategy, Chooser {
  /** Shown in results. */
  readonly name: string;
  private readonly rng: SeededRng;
  private k: number;
  private prio: number[] = [];
  private changeAt: number[] = [];
  private changesDone = 0;

  constructor(
    seed: number,
    /** The bug depth d targeted (1 = no change points). */
    readonly depth: number,
    /** Initial estimate of the steps of a run. */
    stepEstimate = 16,
  ) {
    if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`PCT depth must be an integer >= 1, not ${depth}`);
    this.name = `pct(d=${depth},seed=${seed})`;
    this.rng = new SeededRng(seed);
    this.k = Math.max(1, stepEstimate);
  }

  /** Fresh priorities and change points for the next run. */
  nextRun(): Chooser {
    this.prio = [];
    const pts: number[] = [];
    for (let i = 1; i < this.depth; i++) pts.push(this.rng.below(this.k));
    this.changeAt = pts.sort((a, b) => a - b);
    this.changesDone = 0;
    return this;
  }

  /** The highest-priority enabled choice, after applying a change point due at this step. */
  pick(step: number, enabled: Int32Array, n: number): number {
    let best = this.best(enabled, n);
    while (this.changesDone < this.changeAt.length && this.changeAt[this.changesDone]! <= step) {
      this.changesDone++;
      this.prio[slot(enabled[best]!)] = this.depth - this.changesDone;
      best = this.best(enabled, n);
    }
    return best;
  }

  /** Grows the step estimate. */
  endRun(steps: number): void {
    if (steps > this.k) this.k = steps;
  }

  private best(enabled: Int32Array, n: number): number {
    let bi = 0;
    let bp = -1;
    for (let i = 0; i < n; i++) {
      const s = slot(enabled[i]!);
      let p = this.prio[s];
      if (p === undefined) {
        // Lazily drawn: a random initial priority >= depth (ties are broken by code order).
        p = this.depth + 1 + this.rng.below(0x40000000);
        this.prio[s] = p;
      }
      if (p > bp) {
        bp = p;
        bi = i;
      }
    }
    return bi;
  }
}
