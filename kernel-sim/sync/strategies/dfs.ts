/**
 * Exhaustive depth-first exploration with a preemption bound, as CHESS (Musuvathi and Qadeer,
 * "iterative context bounding") and loom (`preemption_bound`) do. It is stateless: each run
 * replays the prefix of choices fixed so far and extends it with the default choice (keep
 * running the CPU that ran last, else the first enabled one); after the run it backtracks to
 * the deepest step with an untried alternative whose preemption count stays within the bound.
 * A preemption is a switch away from a CPU that could have continued (interrupt deliveries to
 * it included); switches forced by blocking or exiting are free. No partial-order reduction.
 * @module
 */
import { NondeterminismError } from '../errors.js';
import { isPreemption, type Chooser, type RunView, type Strategy } from '../strategy.js';

interface Frame {
  /** Enabled codes in exploration order (the default first). */
  readonly order: number[];
  /** Preemptions before this step. */
  readonly before: number;
  /** Which codes of `order` are preemptions. */
  readonly preempts: boolean[];
  /** Position in `order` of the choice made. */
  pos: number;
}

/** The bounded DFS strategy. */
export class DfsStrategy implements Strategy, Chooser {
  /** Shown in results. */
  readonly name: string;
  private readonly frames: Frame[] = [];
  private started = false;

  constructor(
    /** Maximum preemptions per run (Infinity: all interleavings). */
    readonly bound: number,
  ) {
    if (!(bound >= 0)) throw new RangeError(`preemption bound must be >= 0, not ${bound}`);
    this.name = `dfs(bound=${bound})`;
  }

  /** The next run (sharing this chooser), or null when every schedule within the bound ran. */
  nextRun(): Chooser | null {
    if (!this.started) {
      this.started = true;
      return this;
    }
    const fs = this.frames;
    while (fs.length > 0) {
      const f = fs[fs.length - 1]!;
      for (let p = f.pos + 1; p < f.order.length; p++) {
        if (f.before + (f.preempts[p] ? 1 : 0) <= this.bound) {
          f.pos = p;
          return this;
        }
      }
      fs.pop();
    }
    return null;
  }

  /** Replays the fixed prefix, then takes the default choice and records the alternatives. */
  pick(step: number, enabled: Int32Array, n: number, lastCpu: number, view: RunView): number {
    const fs = this.frames;
    if (step < fs.length) {
      const f = fs[step]!;
      const code = f.order[f.pos]!;
      for (let i = 0; i < n; i++) if (enabled[i] === code) return i;
      throw new NondeterminismError(view.scenario, step);
    }
    let before = 0;
    if (step > 0) {
      const prev = fs[step - 1]!;
      before = prev.before + (prev.preempts[prev.pos] ? 1 : 0);
    }
    const order: number[] = [];
    const preempts: boolean[] = [];
    let first = 0;
    for (let i = 0; i < n; i++) if (enabled[i] === lastCpu) first = i;
    order.push(enabled[first]!);
    preempts.push(false);
    for (let i = 0; i < n; i++) {
      if (i === first) continue;
      const code = enabled[i]!;
      order.push(code);
      preempts.push(isPreemption(code, lastCpu, enabled, n));
    }
    fs.push({ order, before, preempts, pos: 0 });
    return first;
  }
}
