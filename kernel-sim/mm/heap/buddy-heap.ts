/**
 * The byte-granular buddy heap of `buddy_system_allocator` 0.9.0 (`Heap<ORDER>`, the version in
 * Asterinas 232e62b's Cargo.lock), on heap addresses (see `constants.ts`).
 *
 * - Free list k holds blocks of 2^k bytes, each aligned to its size. Lists are LIFO linked lists
 *   (push and pop at the head); here arrays whose head is the last element, so the block a
 *   request gets is the crate's.
 * - `addToHeap(start, end)` rounds start up and end down to 8 bytes and cuts the range greedily
 *   into the largest aligned power-of-two blocks (min of the start's lowest set bit and the
 *   largest power of two that fits). Blocks added separately are not merged when added.
 * - `alloc` rounds to max(next_power_of_two(size), align, 8), takes the first non-empty list at
 *   or above that order, and splits down, pushing the upper half then the lower half.
 * - `dealloc` pushes the block and merges it with its XOR buddy while the buddy is in the same
 *   list, up to order ORDER-1. Crate 0.9.0 also tries to merge a top-order block, which indexes
 *   past the last list (a Rust panic): reproduced with BSA-01 as a KernelPanic.
 *
 * Raw: no checks of the pointer or layout (the locked heap does those before calling).
 * @module
 */
import { KernelPanic } from '../../util/errors.js';
import { flipBit, floorLog2, prevPowerOfTwo, trailingZeros } from '../frame/bits.js';
import { HEAP_ORDER } from './constants.js';
import { blockOrderOf, USIZE_BYTES, type Layout } from './layout.js';

/** One free block. */
export interface FreeBlock {
  readonly addr: number;
  readonly order: number;
}

// Heap address 0 is LINEAR_MAPPING_BASE_VADDR, whose lowest set bit is 2^47.
const ADDR0_LOWBIT = 2 ** 47;

function lowbit(x: number): number {
  return x === 0 ? ADDR0_LOWBIT : 2 ** trailingZeros(x);
}

/** The aligned power-of-two blocks `add_to_heap` cuts [start, end) into (both 8-byte aligned). */
export function splitIntoBlocks(start: number, end: number): FreeBlock[] {
  const out: FreeBlock[] = [];
  let cur = start;
  while (cur + USIZE_BYTES <= end) {
    const size = Math.min(lowbit(cur), prevPowerOfTwo(end - cur));
    out.push({ addr: cur, order: floorLog2(size) });
    cur += size;
  }
  return out;
}

/** `buddy_system_allocator::Heap<ORDER>`. */
export class BuddyHeap {
  /** Bytes requested by callers (the crate's `user`). */
  user = 0;
  /** Bytes in allocated blocks (the crate's `allocated`). */
  allocated = 0;
  /** Bytes added to the heap (the crate's `total`), minus bytes released (HEP-02 fix). */
  total = 0;
  private readonly lists: number[][];

  constructor(
    /** Number of free lists. */
    readonly order: number = HEAP_ORDER,
    /** Crate 0.9.0's merge past the top order (a panic); BSA-01. */
    readonly legacyTopOrderMerge = false,
  ) {
    this.lists = Array.from({ length: order }, () => []);
  }

  /**
   * `Heap::add_to_heap(start, end)`.
   * @returns the bytes added.
   * @throws KernelPanic where the crate panics: start > end after rounding, or a block whose
   *   order has no list (checked before anything is added; the crate panics part-way).
   */
  addToHeap(start: number, end: number): number {
    const s = Math.ceil(start / USIZE_BYTES) * USIZE_BYTES;
    const e = Math.floor(end / USIZE_BYTES) * USIZE_BYTES;
    if (s > e) throw new KernelPanic('buddy_system_allocator::Heap::add_to_heap', `assertion failed: start <= end (0x${s.toString(16)} > 0x${e.toString(16)})`);
    const blocks = splitIntoBlocks(s, e);
    this.checkOrders(blocks, 'add_to_heap');
    let bytes = 0;
    for (const b of blocks) {
      this.lists[b.order]!.push(b.addr);
      bytes += 2 ** b.order;
    }
    this.total += bytes;
    return bytes;
  }

  /** `Heap::alloc(layout)`: the block's address, or null when no list can serve it. */
  alloc(layout: Layout): number | null {
    const cls = blockOrderOf(layout);
    for (let i = cls; i < this.order; i++) {
      if (this.lists[i]!.length === 0) continue;
      for (let j = i; j > cls; j--) {
        const block = this.lists[j]!.pop()!;
        this.lists[j - 1]!.push(block + 2 ** (j - 1), block);
      }
      const r = this.lists[cls]!.pop()!;
      this.user += layout.size;
      this.allocated += 2 ** cls;
      return r;
    }
    return null;
  }

  /** `Heap::dealloc(ptr, layout)`: frees the block and merges buddies. */
  dealloc(ptr: number, layout: Layout): void {
    const cls = blockOrderOf(layout);
    this.lists[cls]!.push(ptr);
    let cur = ptr;
    let c = cls;
    const limit = this.legacyTopOrderMerge ? this.order : this.order - 1;
    while (c < limit) {
      const list = this.lists[c]!;
      const buddy = flipBit(cur, c);
      // The crate walks the list from the head; the head is `cur` itself.
      const at = list.lastIndexOf(buddy);
      if (at < 0) break;
      if (c + 1 >= this.order) {
        throw new KernelPanic('buddy_system_allocator::Heap::dealloc', `index out of bounds: merging two order-${c} blocks indexes free_list[${c + 1}] of ${this.order} (BSA-01)`);
      }
      list.splice(at, 1);
      list.pop();
      cur = Math.min(cur, buddy);
      c++;
      this.lists[c]!.push(cur);
    }
    this.user -= layout.size;
    this.allocated -= 2 ** cls;
  }

  /** Bytes in free blocks. */
  get free(): number {
    return this.total - this.allocated;
  }

  /** Free list `k`, head first. */
  freeList(k: number): readonly number[] {
    return [...(this.lists[k] ?? [])].reverse();
  }

  /** Number of free blocks per order. */
  freeBlockCounts(): number[] {
    return this.lists.map((l) => l.length);
  }

  /** Every free block, by address. */
  freeBlocks(): FreeBlock[] {
    const out: FreeBlock[] = [];
    this.lists.forEach((l, order) => {
      for (const addr of l) out.push({ addr, order });
    });
    return out.sort((a, b) => a.addr - b.addr || a.order - b.order);
  }

  /** Free bytes inside [start, end). */
  freeBytesIn(start: number, end: number): number {
    let n = 0;
    this.lists.forEach((l, order) => {
      const size = 2 ** order;
      for (const a of l) n += Math.max(0, Math.min(end, a + size) - Math.max(start, a));
    });
    return n;
  }

  /**
   * Takes the wholly free range [start, end) out of the heap (the HEP-02 fix returning rescued
   * frames): free blocks overlapping it are removed and their parts outside it put back as
   * aligned blocks; `total` shrinks by the range.
   * @returns false (nothing changed) when part of the range is not free.
   */
  removeRange(start: number, end: number): boolean {
    if (this.freeBytesIn(start, end) !== end - start) return false;
    const outside: Array<[number, number]> = [];
    this.lists.forEach((l, order) => {
      const size = 2 ** order;
      for (let i = l.length - 1; i >= 0; i--) {
        const a = l[i]!;
        if (a + size <= start || a >= end) continue;
        l.splice(i, 1);
        // A block merged across the range's edge with a neighbouring region keeps that part.
        if (a < start) outside.push([a, start]);
        if (a + size > end) outside.push([end, a + size]);
      }
    });
    for (const [s, e] of outside) for (const b of splitIntoBlocks(s, e)) this.lists[b.order]!.push(b.addr);
    this.total -= end - start;
    return true;
  }

  private checkOrders(blocks: readonly FreeBlock[], fn: string): void {
    const bad = blocks.find((b) => b.order >= this.order);
    if (bad) {
      throw new KernelPanic(`buddy_system_allocator::Heap::${fn}`, `index out of bounds: a block of 2^${bad.order} bytes at 0x${bad.addr.toString(16)} needs free_list[${bad.order}] of ${this.order}`);
    }
  }
}
