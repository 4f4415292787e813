/**
 * Half-open ranges of `number` addresses (exact below 2^53), merged the way machine and kernel
 * code needs them; the bigint counterpart is `bigint-ranges.ts`.
 * @module
 */
import { mergeRanges } from './range-merge.js';

/** The half-open range [start, end) of numbers. */
export interface NumberRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Sorted, disjoint, non-adjacent ranges covering the same numbers as `ranges`; empty ranges are
 * dropped. One merge for RAM maps and MMIO windows alike.
 */
export function mergeNumberRanges(ranges: Iterable<NumberRange>): NumberRange[] {
  return mergeRanges<number>(ranges);
}
