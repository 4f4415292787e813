/**
 * One order's free list: the set of start frames of its free blocks. The crate keeps a
 * `BTreeSet<usize>` and always takes the lowest block; here a hash Set answers membership (the
 * buddy test of every merge) and a lazily cleaned min-heap answers "lowest block" — entries
 * deleted from the Set stay in the heap until they surface and are skipped.
 * @module
 */
import { MinHeap } from './min-heap.js';

/** The free blocks of one order. */
export class FreeList {
  private readonly set = new Set<number>();
  private readonly heap = new MinHeap();

  /** Number of free blocks. */
  get size(): number {
    return this.set.size;
  }

  /** True when a free block starts at `start`. */
  has(start: number): boolean {
    return this.set.has(start);
  }

  /** Adds the block at `start` (no effect if present, like BTreeSet::insert). */
  insert(start: number): void {
    const before = this.set.size;
    this.set.add(start);
    if (this.set.size !== before) this.heap.push(start);
  }

  /** Removes the block at `start`; false when it was not free. */
  delete(start: number): boolean {
    if (!this.set.delete(start)) return false;
    // Bound the stale entries so churn that never allocates from this order cannot grow the heap.
    if (this.heap.size > 2 * this.set.size + 64) this.heap.rebuild(this.set);
    return true;
  }

  /** Removes and returns the lowest free block (undefined when empty). */
  popMin(): number | undefined {
    const min = this.min();
    if (min !== undefined) {
      this.set.delete(min);
      this.heap.pop();
    }
    return min;
  }

  /** The lowest free block without removing it. */
  min(): number | undefined {
    if (this.set.size === 0) return undefined;
    for (;;) {
      const top = this.heap.peek()!;
      if (this.set.has(top)) return top;
      this.heap.pop();
    }
  }

  /** The free block starts in ascending order (O(n log n); for metrics and checks). */
  sorted(): number[] {
    return [...this.set].sort((a, b) => a - b);
  }
}
