/**
 * What the page allocator hands out, as frame numbers: a {@link FrameVec} (FG2.2, possibly
 * discontiguous) and a {@link SegmentRange} (FG2.4, contiguous). The `Frame`/`Segment` handles
 * with page metadata come with the metadata slice; these are their frame ranges.
 * @module
 */
import { PAGE_SIZE } from '../../machine/index.js';
import type { PageUsage } from './alloc-options.js';

/** A contiguous run of frames: `count` frames from frame number `start`. */
export interface FrameRange {
  readonly start: number;
  readonly count: number;
}

/** The frames of one `alloc(nframes)` call: one range when contiguous, several after fallback. */
export interface FrameVec {
  readonly ranges: readonly FrameRange[];
  /** Total frames, the sum of the ranges' counts. */
  readonly nframes: number;
  /** The usage the frames were allocated for. */
  readonly usage: PageUsage;
}

/** The frames of one `alloc_contiguous(nframes)` call. */
export interface SegmentRange extends FrameRange {
  readonly usage: PageUsage;
}

/** The physical address of frame `frame`. */
export function frameToPaddr(frame: number): number {
  return frame * PAGE_SIZE;
}

/** Every frame number of `vec`, in order (for small vectors: it builds an array). */
export function framesOf(vec: FrameVec): number[] {
  const out: number[] = [];
  for (const r of vec.ranges) for (let i = 0; i < r.count; i++) out.push(r.start + i);
  return out;
}

/** Appends [start, start+count) to `ranges`, extending the last range when adjacent. */
export function pushRange(ranges: FrameRange[], start: number, count: number): void {
  const last = ranges[ranges.length - 1];
  if (last && last.start + last.count === start) ranges[ranges.length - 1] = { start: last.start, count: last.count + count };
  else ranges.push({ start, count });
}
