/**
 * The buddy frame allocator that Asterinas wraps: a model of `buddy_system_allocator`
 * 0.9.0's `FrameAllocator<ORDER>` (the version in Cargo.lock at 232e62b), in frame numbers.
 *
 * What the crate does, and this model with it:
 * - `ORDER` is the number of free lists: orders 0 .. ORDER-1, block sizes in frames. Asterinas
 *   uses `FrameAllocator<32>`, so the largest block is 2^31 frames (8 TiB of 4 KiB pages), not
 *   the "4 GB chunks" the audit's FG2.1 prose says.
 * - `add_frame(start, end)` cuts [start, end) greedily into the largest aligned power-of-two
 *   blocks, capped at 2^(ORDER-1); a block starting at frame 0 is capped at 32 frames (the
 *   crate's `lowbit` of 0 is the constant 32). Blocks added separately are not merged.
 * - `alloc(count)` rounds count up to the next power of two 2^k, takes the lowest block of the
 *   smallest non-empty order >= k, splits it down (keeping lower halves) and hands out the whole
 *   2^k block: the tail beyond `count` stays allocated until a dealloc covers it.
 * - `dealloc(start, count)` rounds count up the same way and merges with free buddies.
 *
 * Where the model is stricter than the crate (which trusts its caller and corrupts silently):
 * count = 0 (the crate treats it as 1), an unaligned start, frames that are not allocated
 * (double free, overlap with a free block) and sizes beyond the top order throw
 * {@link FrameAllocatorError} and change nothing.
 *
 * Crate 0.9.0 (Cargo.lock at 232e62b) merges a freed top-order block with its buddy and then drops
 * the result (16 TiB lost; the crate fixed the loop for its Heap only, a51e890 in 0.9.1). The model stops merging at the
 * top order unless `legacyTopOrderMerge` is set.
 *
 * Each order's free list is a {@link BlockSet} of block numbers (start / 2^order): a sorted
 * run while it holds few blocks, else a hierarchical bitmap, whose lowest member is the block
 * the crate's `BTreeSet` hands out, so the
 * model returns the crate's blocks; `tests/mm/buddy-reference.ts` is the plain sorted-array
 * version it is property-tested against. Frames handed out are marked in a {@link FrameBitmap},
 * which the crate does not have, to refuse bad frees. The order-0 blocks of one group of 32
 * frames, where order 0's lowest block was, are kept in a {@link FrontGroup} instead of the
 * BlockSet: single-frame allocs and frees there touch one word.
 * @module
 */
import { ceilLog2, INT32_MAX, popcount, prevPowerOfTwo, trailingZeros } from './bits.js';
import { BlockSet } from './block-set.js';
import { FrameAllocatorError } from './errors.js';
import { FrameBitmap } from './frame-bitmap.js';
import { FrontGroup } from './front-group.js';

// 2^k for k = 0..32: frame = block number * POW2[order] (exact in doubles).
const POW2 = Float64Array.from({ length: 33 }, (_, k) => 2 ** k);
const TWO31 = 2 ** 31;
const TWO30 = 2 ** 30;

/** The number of free lists of Asterinas's frame allocator (`FrameAllocator<32>`). */
export const ASTERINAS_BUDDY_ORDER = 32;

/** Options of a {@link BuddyFrameAllocator}. */
export interface BuddyOptions {
  /** Number of free lists (1..32); the largest block has 2^(order-1) frames. Default 32. */
  readonly order?: number;
  /**
   * Reproduce crate 0.9.0's merge past the top order, which loses the merged block. Default
   * false (merging stops at the top order).
   */
  readonly legacyTopOrderMerge?: boolean;
}

/** A half-open range of frame numbers [start, end). */
export interface FrameSpan {
  readonly start: number;
  readonly end: number;
}

/** The buddy allocator of `buddy_system_allocator::FrameAllocator<ORDER>`. */
export class BuddyFrameAllocator {
  /** Number of free lists (orders 0 .. order-1). */
  readonly order: number;
  /** Whether a top-order merge loses the block, as in crate 0.9.0. */
  readonly legacyTopOrderMerge: boolean;
  private readonly lists: BlockSet[];
  // Merging goes on below this order (the top order, or past it with the legacy merge).
  private readonly mergeLimit: number;
  // Bit i set when list i is non-empty: finds the first usable order in O(1).
  private nonEmpty = 0;
  private readonly allocatedBits = new FrameBitmap();
  // Order 0's blocks of one group (see front-group.ts). nonEmpty's bit 0 is for order 0's
  // BlockSet only.
  private readonly front = new FrontGroup();
  private readonly added: FrameSpan[] = [];
  private totalFrames = 0;
  private allocatedFrames = 0;
  private lost = 0;

  constructor(opts: BuddyOptions = {}) {
    const order = opts.order ?? ASTERINAS_BUDDY_ORDER;
    if (!Number.isInteger(order) || order < 1 || order > 32) {
      throw new FrameAllocatorError('BuddyFrameAllocator', order, 'order must be an integer in 1..32');
    }
    this.order = order;
    this.legacyTopOrderMerge = opts.legacyTopOrderMerge ?? false;
    this.mergeLimit = this.legacyTopOrderMerge ? order : order - 1;
    // A plain loop: Array.from with a callback costs about three times as much (small
    // allocators are made per exploration run).
    const lists: BlockSet[] = [];
    for (let k = 0; k < order; k++) lists.push(new BlockSet());
    this.lists = lists;
  }

  /** Frames ever added (the crate's `total`; counts twice frames added twice). */
  get total(): number {
    return this.totalFrames;
  }

  /** Frames handed out, whole power-of-two blocks (the crate's `allocated`). */
  get allocated(): number {
    return this.allocatedFrames;
  }

  /** Frames in free blocks: total - allocated - lost. */
  get free(): number {
    return this.totalFrames - this.allocatedFrames - this.lost;
  }

  /** Frames lost by the legacy top-order merge (0 unless `legacyTopOrderMerge`). */
  get lostFrames(): number {
    return this.lost;
  }

  /** The frame ranges given to {@link addFrame}, in the order added. */
  get addedSpans(): readonly FrameSpan[] {
    return this.added;
  }

  /** Number of free blocks of order `k`. */
  freeBlockCount(k: number): number {
    return (this.lists[k]?.size ?? 0) + (k === 0 ? popcount(this.front.free) : 0);
  }

  /** Free block counts for orders 0 .. order-1 (a buddyinfo row). */
  freeBlockCounts(): number[] {
    return this.lists.map((_, k) => this.freeBlockCount(k));
  }

  /** Start frames of the free blocks of order `k`, ascending. */
  freeBlocks(k: number): number[] {
    const list = this.lists[k];
    if (list === undefined) return [];
    const size = POW2[k]!;
    const blocks = list.sorted().map((p) => p * size);
    // The front group's blocks lie below the BlockSet's.
    return k === 0 && this.front.free !== 0 ? this.front.freeFrames().concat(blocks) : blocks;
  }

  /** The highest order with a free block, or -1 when nothing is free. */
  largestFreeOrder(): number {
    return 31 - Math.clz32(this.nonEmpty | (this.front.free !== 0 ? 1 : 0));
  }

  /** True when frame `f` is inside an allocated block. */
  isAllocated(f: number): boolean {
    return this.allocatedBits.get(f);
  }

  /**
   * Number of free blocks, of any order, that contain frame `f` (0 or 1 when the lists are
   * consistent). O(order): one set lookup per non-empty order, for per-operation checks.
   */
  freeBlocksHolding(f: number): number {
    let n = this.front.holds(f) && (this.front.free & (1 << (f & 31))) !== 0 ? 1 : 0;
    // Only non-empty orders can hold it.
    for (let mask = this.nonEmpty; mask !== 0; mask &= mask - 1) {
      const k = 31 - Math.clz32(mask & -mask);
      if (this.lists[k]!.has(f < TWO31 ? f >>> k : Math.floor(f / POW2[k]!))) n++;
    }
    return n;
  }

  /** True when every frame of [start, start+n) is inside an allocated block. */
  isRangeAllocated(start: number, n: number): boolean {
    return this.allocatedBits.allSet(start, n);
  }

  /** True when no frame of [start, start+n) is inside an allocated block. */
  isRangeUnallocated(start: number, n: number): boolean {
    return this.allocatedBits.noneSet(start, n);
  }

  /** Number of frames marked allocated (equals {@link allocated} unless blocks overlap). */
  get allocatedBitCount(): number {
    return this.allocatedBits.count;
  }

  /**
   * Adds the frames [start, end) as free blocks (the crate's `add_frame`).
   * @throws FrameAllocatorError for non-integer or negative bounds, or end < start.
   */
  addFrame(start: number, end: number): void {
    checkFrame('addFrame', start);
    checkFrame('addFrame', end);
    if (end < start) throw new FrameAllocatorError('addFrame', end, `end is below start ${start}`);
    // Order-0 blocks added below the front group would undercut it.
    this.releaseFront();
    const cap = 2 ** (this.order - 1);
    let cur = start;
    while (cur < end) {
      // The crate's lowbit(0) is 32, whatever ORDER is.
      const lowbit = cur > 0 ? 2 ** trailingZeros(cur) : 32;
      const size = Math.min(lowbit, prevPowerOfTwo(end - cur), cap);
      this.totalFrames += size;
      this.insertFree(cur, trailingZeros(size));
      cur += size;
    }
    if (end > start) this.added.push({ start, end });
  }

  /**
   * Allocates a block of `count` frames rounded up to a power of two, aligned to its size.
   * @returns the first frame, or null when no block is large enough.
   * @throws FrameAllocatorError when count is not a positive integer.
   */
  alloc(count: number): number | null {
    // A small-integer count (up to 2^30) takes 32-bit arithmetic; anything else the checked path.
    const k = (count | 0) === count && count > 0 && count <= TWO30 ? 32 - Math.clz32(count - 1) : allocOrderOf(count);
    return this.allocOrder(k);
  }

  /** Allocates one block of 2^k frames; null when none is free or k is beyond the top order. */
  allocOrder(k: number): number | null {
    // The lowest order-0 block, when the front group has one (every other one lies above it).
    if (k === 0 && this.front.free !== 0) {
      const f = this.front.pop();
      this.allocatedFrames++;
      this.allocatedBits.setFrame(f);
      return f;
    }
    return this.allocFromLists(k);
  }

  // allocOrder from the free lists (out of line: callers inline the front group's path).
  private allocFromLists(k: number): number | null {
    const front = this.front;
    // Int32 throughout (a shift right by >>> would make order 31's bit a double).
    const avail = k < this.order ? this.nonEmpty & (-1 << k) : 0;
    if (avail === 0) return null;
    const i = 31 - Math.clz32(avail & -avail);
    const list = this.lists[i]!;
    const p = list.popMin();
    if (i === 0 && p <= INT32_MAX && front.wants(p)) return this.allocTakingGroup(p, list);
    if (list.size === 0) this.nonEmpty &= ~(1 << i);
    const block = i === 0 ? p : frameOf(p, i);
    if (k === 0 && i !== 0) {
      // The order-0 half, block + 1, must not go into the BlockSet in the group's place; below
      // the group it may (order 0 is empty, the group's part too).
      if (front.holds(block)) this.releaseFront();
      else if (block < front.base) front.undercut = true;
    }
    if (i !== k) this.splitDown(block, i, k);
    this.allocatedFrames += k < 31 ? 1 << k : POW2[k]!;
    this.allocatedBits.setBlock(block, k);
    return block;
  }

  // Allocates p, just popped from order 0's list (its lowest block), taking p's group as the
  // front group: a group held before has no free block (else alloc took from it).
  private allocTakingGroup(p: number, list: BlockSet): number {
    this.releaseFront();
    this.front.take(p, list);
    if (list.size === 0) this.nonEmpty &= ~1;
    this.allocatedFrames++;
    this.allocatedBits.setFrame(p);
    return p;
  }

  // Gives the front group's blocks back to order 0's list (see front-group.ts).
  private releaseFront(): void {
    if (this.front.free !== 0) this.nonEmpty |= 1;
    this.front.release(this.lists[0]!);
  }

  // Splits the order-i block at frame `block` down to order k, keeping the lower half each time
  // (the crate's result): the upper half at order j is block number block / 2^j + 1.
  private splitDown(block: number, i: number, k: number): void {
    const small = block < TWO31;
    for (let j = i - 1; j >= k; j--) {
      this.lists[j]!.insert(small ? (block >>> j) + 1 : block / POW2[j]! + 1);
      this.nonEmpty |= 1 << j;
    }
  }

  /**
   * Frees the block [start, start + count rounded up to a power of two), merging buddies.
   * @throws FrameAllocatorError (nothing changed) for count < 1, a block beyond the top order,
   *   a start not aligned to the block size, or frames of the block that are not allocated.
   */
  dealloc(start: number, count: number): void {
    // Small-integer start (below 2^31) and count (up to 2^30): 32-bit arithmetic throughout.
    if ((start | 0) === start && start >= 0 && (count | 0) === count && count > 0 && count <= TWO30) {
      const k = 32 - Math.clz32(count - 1);
      if (k >= this.order || (start & ((1 << k) - 1)) !== 0) throw this.badBlock(start, count);
      if (k === 0) return this.deallocFrame(start);
      if (!this.allocatedBits.testAndClearBlock(start, k)) throw this.notAllocated(start, 1 << k);
      this.allocatedFrames -= 1 << k;
      this.mergeAndInsert(start >>> k, k);
      return;
    }
    this.deallocLarge(start, count);
  }

  // dealloc past the small-integer path: frames from 2^31, counts past 2^30, and bad arguments.
  private deallocLarge(start: number, count: number): void {
    checkFrame('dealloc', start);
    const k = count === 1 ? 0 : this.deallocOrderOf(start, count);
    if (!this.allocatedBits.testAndClearBlock(start, k)) throw this.notAllocated(start, POW2[k]!);
    this.allocatedFrames -= POW2[k]!;
    this.mergeAndInsert(start < TWO31 ? start >>> k : start / POW2[k]!, k);
  }

  // The error of a small-integer dealloc beyond the top order or not aligned.
  private badBlock(start: number, count: number): FrameAllocatorError {
    const k = ceilLog2(count);
    return k >= this.order ? this.beyondTop(count, k) : unaligned(start, count, POW2[k]!);
  }

  /**
   * Frees the single frame `f`, which the caller has checked is a frame number: the wrapper's
   * hot path (no second argument check).
   * @throws FrameAllocatorError (nothing changed) when the frame is not allocated.
   */
  deallocFrame(f: number): void {
    if (!this.allocatedBits.testAndClearFrame(f)) throw this.notAllocated(f, 1);
    this.allocatedFrames--;
    if (this.front.holds(f)) this.freeInFront(f);
    else this.freeFrame(f);
  }

  // deallocFrame of a frame outside the front group, its bit cleared.
  private freeFrame(f: number): void {
    const front = this.front;
    front.missed = f & ~31;
    // Inserted below the front group, f would undercut the group's free blocks.
    if (f < front.base) {
      if (front.free !== 0) this.releaseFront();
      else front.undercut = true;
    }
    this.mergeAndInsert(f, 0);
  }

  // deallocFrame of a frame of the front group, its bit cleared: the order-0 step of the merge in
  // the group's word. (Small, for callers to inline: the rare steps are calls.)
  private freeInFront(f: number): void {
    const front = this.front;
    const buddy = 1 << ((f ^ 1) & 31);
    front.served = true;
    if (this.mergeLimit > 0 && (front.free & buddy) !== 0) {
      front.free ^= buddy;
      this.mergeAndInsert(f >>> 1, 1);
    } else if (front.free === 0 && front.undercut) {
      this.freeFirstInFront(f);
    } else {
      front.free |= 1 << (f & 31);
    }
  }

  // freeInFront of the group's first free block while order 0's list may hold a lower one: the
  // group's first free block must lie below the list's, else the list takes it.
  private freeFirstInFront(f: number): void {
    const list = this.lists[0]!;
    if (list.size !== 0 && list.min() < this.front.base) {
      this.releaseFront();
      this.mergeAndInsert(f, 0);
      return;
    }
    this.front.undercut = false;
    this.front.free |= 1 << (f & 31);
  }

  // The order of a dealloc of `count` frames at `start`, checked (out of the single-frame path).
  private deallocOrderOf(start: number, count: number): number {
    if (!Number.isInteger(count) || count < 1) throw badCount('dealloc', count, '');
    const k = ceilLog2(count);
    if (k >= this.order) throw this.beyondTop(count, k);
    const size = POW2[k]!;
    if ((start < TWO31 ? start & (size - 1) : start % size) !== 0) throw unaligned(start, count, size);
    return k;
  }

  private beyondTop(count: number, k: number): FrameAllocatorError {
    return new FrameAllocatorError('dealloc', count, `rounds up to 2^${k} frames, beyond the top order ${this.order - 1}`);
  }

  private notAllocated(start: number, size: number): FrameAllocatorError {
    return new FrameAllocatorError('dealloc', start, `frames [${start}, ${start + size}) are not all allocated (double free, or overlap with a free block or a hole)`);
  }

  // Frees block number p of order k, merging with free buddies (block numbers p ^ 1) upwards.
  private mergeAndInsert(p: number, k: number): void {
    let c = k;
    const limit = this.mergeLimit;
    while (c < limit) {
      const list = this.lists[c]!;
      if (!list.takeBuddyOrInsert(p)) {
        this.nonEmpty |= 1 << c;
        return;
      }
      if (list.size === 0) this.nonEmpty &= ~(1 << c);
      p = p <= INT32_MAX ? p >>> 1 : Math.floor(p / 2);
      c++;
    }
    this.insertMerged(p, c);
  }

  // The end of a merge that reached the top order.
  private insertMerged(p: number, c: number): void {
    if (c === this.order) {
      // Crate 0.9.0: the merged block of order ORDER has no list and is dropped.
      this.lost += POW2[c]!;
      return;
    }
    this.lists[c]!.insert(p);
    this.nonEmpty |= 1 << c;
  }

  private insertFree(start: number, k: number): void {
    this.lists[k]!.insert(start / POW2[k]!);
    this.nonEmpty |= 1 << k;
  }
}

// The order of an alloc of `count` frames (count != 1), checked.
function allocOrderOf(count: number): number {
  if (!Number.isInteger(count) || count < 1) throw badCount('alloc', count, ' (the crate would treat 0 as 1)');
  return ceilLog2(count);
}

// The first frame of block number p of order i (> 0): a shift while it stays below 2^31.
function frameOf(p: number, i: number): number {
  return p < 1 << (31 - i) ? p << i : p * POW2[i]!;
}

// Errors are built out of line: the hot paths stay small enough to inline.
function checkFrame(fn: string, f: number): void {
  if (!Number.isInteger(f) || f < 0 || f > 2 ** 40) throw notFrame(fn, f);
}

function notFrame(fn: string, f: number): FrameAllocatorError {
  return new FrameAllocatorError(fn, f, 'not a frame number (an integer in [0, 2^40])');
}

function badCount(fn: string, count: number, note: string): FrameAllocatorError {
  return new FrameAllocatorError(fn, count, `count must be a positive integer${note}`);
}

function unaligned(start: number, count: number, size: number): FrameAllocatorError {
  return new FrameAllocatorError('dealloc', start, `not aligned to the block size of ${size} frames (count ${count} rounds up to ${size})`);
}
