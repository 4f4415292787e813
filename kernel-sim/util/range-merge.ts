/**
 * The one merge of half-open ranges, for `number` and `bigint` bounds alike: RAM maps and
 * regions (bigint), MMIO windows, buddy spans and heap regions (number).
 * @module
 */

/** A half-open range [start, end) with bounds of one numeric type. */
export interface HalfOpen<V extends number | bigint> {
  readonly start: V;
  readonly end: V;
}

/** Sorted, disjoint, non-adjacent ranges covering the same values as `ranges`; empty ones dropped. */
export function mergeRanges<V extends number | bigint>(ranges: Iterable<HalfOpen<V>>): HalfOpen<V>[] {
  const sorted = [...ranges].filter((r) => r.end > r.start).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: HalfOpen<V>[] = [];
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
