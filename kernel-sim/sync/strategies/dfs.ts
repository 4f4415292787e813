/**
 * Exhaustive depth-first exploration with a preemption bound, as CHESS (Musuvathi and Qadeer,
 * "iterative context bounding") and loom (`preemption_bound`) do. It is stateless: each run
 * replays the prefix of choices fixed so far and extends it with the default choice (keep
 * running the CPU that ran last, else the first enabled one); after the run it backtracks to
 * the deepest step with an untried alternative whose preemption count stays within the bound.
 * A preemption is a switch away from a CPU that could have continued (interrupt deliveries to
 * it included); switches forced by blocking or exiting are free. No partial-order reduction.
 *
 * Sharding ({@link DfsShard}): the tree is cut at `splitDepth`; every run belongs to the split
 * point its first `splitDepth` choices (or all of them, for a shorter run) lead to, split points
 * are numbered in DFS order, and shard `k` of `n` explores the subtrees of the points numbered
 * `k mod n`. The numbering is the same in every shard, because the choices above the cut are
 * explored alike in all of them, so the shards are disjoint and together run exactly the
 * schedules of the unsharded DFS. To reach a point it does not own, a shard makes one probe run
 * through it ({@link DfsStrategy.probing}), which is not one of its own schedules.
 * @module
 */
import { ExploreOptionError, NondeterminismError } from '../errors.js';
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

/** One share of a DFS: the subtrees below the cut at `splitDepth` whose point number is `shard` mod `shards`. */
export interface DfsShard {
  /** Depth of the cut (0: the whole tree is one point, owned by shard 0). */
  readonly splitDepth: number;
  /** This shard, `0 <= shard < shards`. */
  readonly shard: number;
  readonly shards: number;
}

const WHOLE: DfsShard = { splitDepth: 0, shard: 0, shards: 1 };

/** The bounded DFS strategy, on the whole schedule tree or on one shard of it. */
export class DfsStrategy implements Strategy, Chooser {
  /** Shown in results. */
  readonly name: string;
  /** The share of the tree explored (the whole tree by default). */
  readonly shard: DfsShard;
  private readonly frames: Frame[] = [];
  private started = false;
  /** Number of the split point the current run belongs to. */
  private point = 0;

  constructor(
    /** Maximum preemptions per run (Infinity: all interleavings). */
    readonly bound: number,
    shard: DfsShard = WHOLE,
  ) {
    if (!(bound >= 0)) throw new RangeError(`preemption bound must be >= 0, not ${bound}`);
    const { splitDepth, shard: k, shards } = shard;
    if (!Number.isInteger(shards) || shards < 1) throw new ExploreOptionError('shard.shards', `must be an integer >= 1, not ${shards}`);
    if (!Number.isInteger(k) || k < 0 || k >= shards) throw new ExploreOptionError('shard.shard', `must be an integer in 0..${shards - 1}, not ${k}`);
    if (!Number.isInteger(splitDepth) || splitDepth < 0) throw new ExploreOptionError('shard.splitDepth', `must be an integer >= 0, not ${splitDepth}`);
    this.shard = shard;
    this.name = shards === 1 ? `dfs(bound=${bound})` : `dfs(bound=${bound},shard=${k}/${shards},splitDepth=${splitDepth})`;
  }

  /** True when the current run belongs to another shard's split point: a probe to reach the next point, not a schedule of this shard. */
  get probing(): boolean {
    return this.point % this.shard.shards !== this.shard.shard;
  }

  /** The next run (sharing this chooser), or null when every schedule within the bound ran. */
  nextRun(): Chooser | null {
    if (!this.started) {
      this.started = true;
      return this;
    }
    const fs = this.frames;
    const cut = this.shard.splitDepth;
    // A subtree not ours is left at its probe run: nothing below the cut is tried.
    if (this.probing) fs.length = Math.min(fs.length, cut);
    while (fs.length > 0) {
      const f = fs[fs.length - 1]!;
      for (let p = f.pos + 1; p < f.order.length; p++) {
        if (f.before + (f.preempts[p] ? 1 : 0) <= this.bound) {
          f.pos = p;
          // Backtracking above the cut leads to a new split point.
          if (fs.length - 1 < cut) this.point++;
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
