/**
 * The frames `page::allocator::init()` hands to the buddy allocator (FG2.1): each `Usable`
 * region, page-aligned inward (base up, end down), skipped when nothing is left.
 *
 * At 232e62b `init()` takes `Usable` regions only, although FG1's prose says `Reclaimable` ones
 * are also for the allocator; the model follows the code.
 * @module
 */
import type { MemoryRegion } from '../../boot/index.js';
import { PAGE_SIZE, physAddrFromBigint } from '../../machine/index.js';
import type { FrameSpan } from './buddy.js';

/** The frame spans of the `Usable` regions of `regions`, in region order. */
export function usableFrameSpans(regions: readonly MemoryRegion[]): FrameSpan[] {
  const out: FrameSpan[] = [];
  for (const r of regions) {
    if (r.type !== 'Usable') continue;
    out.push(...frameSpansOfRange(physAddrFromBigint(r.base, 'region base'), physAddrFromBigint(r.base + r.len, 'region end')));
  }
  return out;
}

/** The frames wholly inside the byte range [base, end), as zero or one span. */
export function frameSpansOfRange(base: number, end: number): FrameSpan[] {
  const start = Math.ceil(base / PAGE_SIZE);
  const last = Math.floor(end / PAGE_SIZE);
  return last > start ? [{ start, end: last }] : [];
}
