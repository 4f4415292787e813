/**
 * Records fragmentation over a workload's timeline: at each sample, the buddyinfo row and the
 * per-order indices, and a summary (free frames, largest free order), into arquero tables.
 * @module
 */
import * as aq from 'arquero';
import type { BuddyFrameAllocator } from '../mm/frame/index.js';
import { fragmentationIndex, fragmentationIndices, unusableFreeIndex } from './contig-page-info.js';

/** Collects samples; read them with {@link byOrder} and {@link summary}. */
export class FragmentationSampler {
  private readonly o: { step: number[]; order: number[]; free_blocks: number[]; unusable_index: number[]; extfrag_index: number[] } = {
    step: [], order: [], free_blocks: [], unusable_index: [], extfrag_index: [],
  };
  private readonly s: { step: number[]; free_frames: number[]; allocated_frames: number[]; free_blocks: number[]; largest_free_order: number[] } = {
    step: [], free_frames: [], allocated_frames: [], free_blocks: [], largest_free_order: [],
  };

  /**
   * @param orders the orders to record per sample (default 0 .. the allocator's top order).
   */
  constructor(private readonly orders?: readonly number[]) {}

  /** Number of samples taken. */
  get samples(): number {
    return this.s.step.length;
  }

  /** Records the state of `buddy` at `step`. */
  sample(step: number, buddy: BuddyFrameAllocator): void {
    const counts = buddy.freeBlockCounts();
    const orders = this.orders ?? counts.map((_, k) => k);
    const row = fragmentationIndices(counts);
    for (const k of orders) {
      this.o.step.push(step);
      this.o.order.push(k);
      this.o.free_blocks.push(counts[k] ?? 0);
      // Orders past the row (a caller's list) take the checked per-order forms.
      const inRow = Number.isInteger(k) && k >= 0 && k < counts.length;
      this.o.unusable_index.push(inRow ? row.unusable[k]! : unusableFreeIndex(counts, k));
      this.o.extfrag_index.push(inRow ? row.extfrag[k]! : fragmentationIndex(counts, k));
    }
    this.s.step.push(step);
    this.s.free_frames.push(buddy.free);
    this.s.allocated_frames.push(buddy.allocated);
    this.s.free_blocks.push(counts.reduce((a, b) => a + b, 0));
    this.s.largest_free_order.push(buddy.largestFreeOrder());
  }

  /** Long-form table: step, order, free_blocks, unusable_index, extfrag_index. */
  byOrder(): aq.ColumnTable {
    return aq.table({ ...this.o });
  }

  /** One row per sample: step, free_frames, allocated_frames, free_blocks, largest_free_order. */
  summary(): aq.ColumnTable {
    return aq.table({ ...this.s });
  }
}
