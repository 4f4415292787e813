/**
 * Half-open ranges of exact (bigint) addresses and the set operations region code needs.
 * @module
 */
import { mergeRanges } from './range-merge.js';

/** The half-open range [start, end). */
export interface Range {
  readonly start: bigint;
  readonly end: bigint;
}

/** Sorted, disjoint, non-adjacent ranges covering the same addresses as `ranges`. */
export function unionOf(ranges: Iterable<Range>): Range[] {
  return mergeRanges<bigint>(ranges);
}

/** The addresses of `from` not in `minus`, as a sorted disjoint list. */
export function subtract(from: Iterable<Range>, minus: Iterable<Range>): Range[] {
  const cut = unionOf(minus);
  const out: Range[] = [];
  for (const r of unionOf(from)) {
    let start = r.start;
    for (const c of cut) {
      if (c.end <= start) continue;
      if (c.start >= r.end) break;
      if (c.start > start) out.push({ start, end: c.start });
      start = c.end > start ? c.end : start;
      if (start >= r.end) break;
    }
    if (start < r.end) out.push({ start, end: r.end });
  }
  return out;
}

/** Total bytes covered by `ranges`, counting overlaps once. */
export function coveredBytes(ranges: Iterable<Range>): bigint {
  let n = 0n;
  for (const r of unionOf(ranges)) n += r.end - r.start;
  return n;
}

/** True when the two ranges share an address. */
export function overlaps(a: Range, b: Range): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Formats a range as [0x..., 0x...). */
export function formatRange(r: Range): string {
  return `[0x${r.start.toString(16)}, 0x${r.end.toString(16)})`;
}
