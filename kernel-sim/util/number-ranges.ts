/**
 * Half-open ranges of `number` addresses (exact below 2^53), merged the way machine and kernel
 * code needs them; the bigint counterpart is `bigint-ranges.ts`.
 * @module
 */

/** The half-open range [start, end) of numbers. */
export interface NumberRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Sorted, disjoint, non-adjacent ranges covering the same numbers as `ranges`; empty ranges are
 * dropped. One merge for RAM maps and MMIO windows alike.
 */
export function mergeNumberRanges<R extends NumberRange>(ranges: Iterable<R>): NumberRange[] {
  const sorted = [...ranges].filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const out: NumberRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r.start <= last.end) {
      if (r.end > last.end) out[out.length - 1] = { start: last.start, end: r.end };
    } else {
      out.push({ start: r.start, end: r.end });
    }
  }
  return out;
}
