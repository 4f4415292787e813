/**
 * The consistency check of the buddy allocator's free lists: every free block is aligned to its
 * size, inside the frames that were added, disjoint from every other free block and from every
 * allocated frame, and the free blocks add up to the free count. O(free blocks · log).
 * @module
 */
import { mergeNumberRanges } from '../../util/number-ranges.js';
import type { BuddyFrameAllocator, FrameSpan } from './buddy.js';
import { FreeListCorruption } from './errors.js';

/** Every broken free-list invariant of `buddy`, as sentences (empty when consistent). */
export function freeListProblems(buddy: BuddyFrameAllocator): string[] {
  const problems: string[] = [];
  const blocks: { start: number; end: number; order: number }[] = [];
  let freeSum = 0;
  for (let k = 0; k < buddy.order; k++) {
    const size = 2 ** k;
    for (const start of buddy.freeBlocks(k)) {
      if (start % size !== 0) problems.push(`order-${k} block at frame ${start} is not aligned to ${size} frames`);
      blocks.push({ start, end: start + size, order: k });
      freeSum += size;
    }
  }
  blocks.sort((a, b) => a.start - b.start || a.end - b.end);
  const added = mergeSpans(buddy.addedSpans);
  let ai = 0;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    const prev = blocks[i - 1];
    if (prev && prev.end > b.start) {
      problems.push(`order-${prev.order} block [${prev.start}, ${prev.end}) overlaps order-${b.order} block [${b.start}, ${b.end})`);
    }
    while (ai < added.length && added[ai]!.end <= b.start) ai++;
    const span = added[ai];
    if (!span || span.start > b.start || span.end < b.end) {
      problems.push(`order-${b.order} block [${b.start}, ${b.end}) is not inside the added frames`);
    }
    if (!buddy.isRangeUnallocated(b.start, b.end - b.start)) {
      problems.push(`order-${b.order} block [${b.start}, ${b.end}) holds allocated frames`);
    }
  }
  if (freeSum !== buddy.free) problems.push(`free blocks hold ${freeSum} frames but the free count is ${buddy.free}`);
  if (buddy.allocatedBitCount !== buddy.allocated) {
    problems.push(`${buddy.allocatedBitCount} frames are marked allocated but the allocated count is ${buddy.allocated}`);
  }
  return problems;
}

/**
 * Checks the free lists of `buddy`.
 * @throws FreeListCorruption listing every broken invariant.
 */
export function checkFreeLists(buddy: BuddyFrameAllocator): void {
  const problems = freeListProblems(buddy);
  if (problems.length > 0) throw new FreeListCorruption(problems);
}

/** Sorted, disjoint, non-adjacent spans covering `spans`. */
export function mergeSpans(spans: readonly FrameSpan[]): FrameSpan[] {
  return mergeNumberRanges(spans);
}
