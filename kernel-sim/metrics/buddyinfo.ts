/**
 * `/proc/buddyinfo` for the model: free block counts per order 0 .. 31 (Asterinas's
 * `FrameAllocator<32>` has 32 free lists, against Linux's 11), and the largest free block.
 * @module
 */
import * as aq from 'arquero';
import type { BuddyFrameAllocator } from '../mm/frame/index.js';
import { PAGE_SIZE } from '../machine/index.js';

/** Free block counts, index = order (a buddyinfo row). */
export function buddyinfo(buddy: BuddyFrameAllocator): number[] {
  return buddy.freeBlockCounts();
}

/** The largest free block, or null when nothing is free. */
export function largestFreeBlock(buddy: BuddyFrameAllocator): { order: number; frames: number; bytes: number } | null {
  const order = buddy.largestFreeOrder();
  if (order < 0) return null;
  return { order, frames: 2 ** order, bytes: 2 ** order * PAGE_SIZE };
}

/** buddyinfo as a table: order, free_blocks, free_frames (blocks · 2^order), block_bytes. */
export function buddyinfoTable(counts: readonly number[]): aq.ColumnTable {
  return aq.table({
    order: counts.map((_, k) => k),
    free_blocks: [...counts],
    free_frames: counts.map((c, k) => c * 2 ** k),
    block_bytes: counts.map((_, k) => 2 ** k * PAGE_SIZE),
  });
}

/** A buddyinfo row printed as Linux does (`%6lu ` per order). */
export function formatBuddyinfo(counts: readonly number[]): string {
  return counts.map((c) => String(c).padStart(6, ' ') + ' ').join('');
}
