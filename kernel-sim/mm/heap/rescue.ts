/**
 * FG3.1.5 `heap_allocator::rescue` at 232e62b: how many frames the heap asks the frame
 * allocator for when it runs dry.
 *
 * num_frames = align_up(size, max(PAGE_SIZE, align)) / PAGE_SIZE. At or above MIN_NUM_FRAMES
 * (64 MiB) exactly that many are requested, and failure is failure. Below it, 64 MiB are
 * requested first; if that fails, num_frames; if that fails too, the rescue fails (Err) and
 * `alloc` returns null. The frame allocator rounds a request up to a power of two; the heap
 * receives only num_frames * PAGE_SIZE bytes, and the rounding tail stays allocated (leaked).
 * @module
 */
import { PAGE_SIZE } from '../../machine/index.js';
import { ceilLog2 } from '../frame/bits.js';
import type { FrameAllocator } from '../frame/index.js';
import { MIN_NUM_FRAMES } from './constants.js';
import type { Layout } from './layout.js';

/** Frames a rescue took: `count` frames from frame `start`. */
export interface RescuedFrames {
  readonly start: number;
  readonly count: number;
}

/** `num_frames` before the 64 MiB minimum: the layout's size in pages, aligned to max(PAGE_SIZE, align). */
export function rescueFrameCount(layout: Layout): number {
  const align = Math.max(PAGE_SIZE, layout.align);
  return (Math.ceil(layout.size / align) * align) / PAGE_SIZE;
}

/** The frame requests rescue makes for `layout`, in order, until one succeeds. */
export function rescueRequests(layout: Layout): number[] {
  const n = rescueFrameCount(layout);
  return n >= MIN_NUM_FRAMES ? [n] : [MIN_NUM_FRAMES, n];
}

/** Takes the rescue's frames from `fa` (with its lock held by the caller); null when every request fails. */
export function takeRescueFrames(fa: FrameAllocator, layout: Layout): RescuedFrames | null {
  for (const count of rescueRequests(layout)) {
    // rescue uses FRAME_ALLOCATOR directly: no zeroing.
    const r = fa.allocContiguous(count, { zeroed: false });
    if (r) return { start: r.start, count };
  }
  return null;
}

/**
 * True when the frame allocator's first request would split a larger block (inserting the
 * halves into its free-list sets, which at 232e62b are heap-allocated `BTreeSet`s: HEP-03).
 */
export function rescueSplitsBlock(fa: FrameAllocator, layout: Layout): boolean {
  const first = rescueRequests(layout)[0]!;
  const k = ceilLog2(first);
  const counts = fa.buddy.freeBlockCounts();
  if ((counts[k] ?? 0) > 0) return false;
  return counts.some((c, j) => j > k && c > 0);
}
