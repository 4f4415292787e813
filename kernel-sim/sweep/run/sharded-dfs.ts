/**
 * Bounded DFS over one share of a scenario's schedule tree. The tree is cut at `splitDepth`:
 * every run belongs to the split point its first `splitDepth` choices (or all of them, for a
 * shorter run) lead to, split points are numbered in DFS order, and shard `k` of `n` explores
 * the subtrees of the points numbered `k mod n`. The shards are disjoint and together hold
 * every schedule the unsharded DFS runs: the numbering is the same in every shard, because the
 * choices above the cut are explored alike in all of them. To reach a point it does not own, a
 * shard makes one probe run through it, not counted as its own (`probeRuns`).
 * Same backtracking and preemption rule as `sync/strategies/dfs.ts` (CHESS, loom).
 * @module
 */
import { isPreemption, NondeterminismError, type Chooser, type RunView } from '../../sync/index.js';

interface Frame {
  readonly order: number[];
  readonly before: number;
  readonly preempts: boolean[];
  pos: number;
}

/** A DFS chooser that explores only its shard's split points. */
export class ShardedDfs implements Chooser {
  private readonly frames: Frame[] = [];
  private started = false;
  /** Index of the split point of the current run. */
  private point = 0;

  constructor(
    readonly bound: number,
    readonly splitDepth: number,
    readonly shard: number,
    readonly shards: number,
  ) {}

  /** True when the current run's split point belongs to this shard. */
  get owned(): boolean {
    return this.point % this.shards === this.shard;
  }

  /** Moves to the next run; false when the tree (within the bound) is exhausted. */
  nextRun(): boolean {
    if (!this.started) {
      this.started = true;
      return true;
    }
    const fs = this.frames;
    // A subtree not ours is left at its probe run: nothing below the cut is tried.
    if (!this.owned) fs.length = Math.min(fs.length, this.splitDepth);
    while (fs.length > 0) {
      const f = fs[fs.length - 1]!;
      for (let p = f.pos + 1; p < f.order.length; p++) {
        if (f.before + (f.preempts[p] ? 1 : 0) <= this.bound) {
          f.pos = p;
          // Backtracking above the cut leads to a new split point.
          if (fs.length - 1 < this.splitDepth) this.point++;
          return true;
        }
      }
      fs.pop();
    }
    return false;
  }

  /** Replays the fixed prefix, then takes the default choice and records the alternatives. */
  pick(step: number, enabled: Int32Array, n: number, lastCpu: number, view: RunView): number {
    const fs = this.frames;
    if (step < fs.length) {
      const code = fs[step]!.order[fs[step]!.pos]!;
      for (let i = 0; i < n; i++) if (enabled[i] === code) return i;
      throw new NondeterminismError(view.scenario, step);
    }
    const prev = step > 0 ? fs[step - 1]! : null;
    const before = prev ? prev.before + (prev.preempts[prev.pos] ? 1 : 0) : 0;
    let first = 0;
    for (let i = 0; i < n; i++) if (enabled[i] === lastCpu) first = i;
    const order = [enabled[first]!];
    const preempts = [false];
    for (let i = 0; i < n; i++) {
      if (i === first) continue;
      order.push(enabled[i]!);
      preempts.push(isPreemption(enabled[i]!, lastCpu, enabled, n));
    }
    fs.push({ order, before, preempts, pos: 0 });
    return first;
  }
}
