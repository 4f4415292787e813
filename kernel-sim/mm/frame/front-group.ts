/**
 * The single-frame hot path of {@link BuddyFrameAllocator}: order 0's free blocks in one group of
 * 32 frames (from a multiple of 32, below 2^31), held here in one plain 32-bit word instead of
 * in order 0's {@link BlockSet}. An alloc(1) then pops a bit and a free of one frame of the group
 * tests and sets one, with no page lookup; the allocated-frames bitmap is kept as always.
 *
 * The group is the one that held order 0's lowest block when the allocator took it. While the
 * allocator holds a group, the BlockSet holds none of its blocks, and while the group has a free
 * block, every block of the BlockSet lies above the group, so the group's lowest free block is
 * the crate's lowest. Whatever would put an order-0 block below the group's free ones first
 * gives the group back ({@link release}): a change of representation only, which no answer of
 * the allocator shows.
 * @module
 */
import type { BlockSet } from './block-set.js';
import { INT32_MAX } from './bits.js';

/** The 32-frame group of the single-frame paths. */
export class FrontGroup {
  /** First frame of the group, or -1 when none is held. */
  base = -1;
  /** The group's order-0 free blocks, bit i for frame base + i. */
  free = 0;
  /** True once the group had free blocks to pop or took a single-frame free. */
  served = false;
  /**
   * False while every block of order 0's BlockSet is known to lie above the group (so a free
   * into the group need not look at the BlockSet's lowest block).
   */
  undercut = false;
  /** The group (first frame) of the last single-frame free that missed the group, or -1. */
  missed = -1;

  /** True when frame `f` is in the group. */
  holds(f: number): boolean {
    // f & ~31 of a frame from 2^31 up is its low 32 bits: the second test rules those out.
    return (f & ~31) === this.base && f <= INT32_MAX;
  }

  /** Removes the lowest free block of the group (there is one) and returns its frame. */
  pop(): number {
    const free = this.free;
    const low = free & -free;
    this.free = free ^ low;
    return this.base + (31 - Math.clz32(low));
  }

  /**
   * True when the allocator should take the group of frame `p` (below 2^31), order 0's lowest
   * block, for an alloc(1): when no group is held, the held one has served, or the last
   * single-frame free that missed was in p's group. Replaced on every miss, the group would cost
   * random frees (churn) a word copy each; never replaced, it would not move to where a
   * workload's pairs are.
   */
  wants(p: number): boolean {
    return this.base < 0 || this.served || (p & ~31) === this.missed;
  }

  /** Takes the group of frame `p` (below 2^31), just popped from `list` as its lowest block; no group is held. */
  take(p: number, list: BlockSet): void {
    this.base = p & ~31;
    this.free = list.takePoppedWord();
    this.served = this.free !== 0;
    this.undercut = false;
  }

  /** Gives the group's free blocks back to `list`; none is held after. */
  release(list: BlockSet): void {
    if (this.base < 0) return;
    list.putWord(this.base, this.free);
    this.base = -1;
    this.free = 0;
    this.served = false;
  }

  /** The frames of the group's free blocks, ascending. */
  freeFrames(): number[] {
    const out: number[] = [];
    for (let bits = this.free; bits !== 0; bits &= bits - 1) out.push(this.base + (31 - Math.clz32(bits & -bits)));
    return out;
  }
}
