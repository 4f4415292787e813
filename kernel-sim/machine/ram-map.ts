/**
 * Where RAM is: a sorted list of disjoint, non-adjacent half-open byte ranges, with a lookup
 * that answers "is [addr, addr+len) all RAM?" in O(log n) (O(1) when it hits the last range).
 * @module
 */
import { mergeNumberRanges } from '../util/number-ranges.js';
import { BadAddressError, isPhysAddr } from './address.js';

/** A half-open range of physical addresses [start, end). */
export interface PhysRange {
  readonly start: number;
  readonly end: number;
}

/** The RAM ranges of a machine, merged and sorted. */
export class RamMap {
  /** The merged ranges, sorted by start. */
  readonly ranges: readonly PhysRange[];
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  // Cache of the last range hit: accesses cluster.
  private lastStart = 0;
  private lastEnd = 0;

  /**
   * @param ranges RAM ranges in any order; overlapping or adjacent ones are merged, empty ones
   *   dropped.
   * @throws BadAddressError for a bound that is not in [0, 2^52] or a range with end < start.
   */
  constructor(ranges: Iterable<PhysRange>) {
    const list: PhysRange[] = [];
    for (const r of ranges) {
      if (!isPhysAddr(r.start)) throw new BadAddressError('RAM range start', r.start);
      if (!isPhysAddr(r.end) || r.end < r.start) throw new BadAddressError('RAM range end', r.end);
      list.push(r);
    }
    const merged = mergeNumberRanges(list);
    this.ranges = merged;
    this.starts = Float64Array.from(merged, (r) => r.start);
    this.ends = Float64Array.from(merged, (r) => r.end);
  }

  /** Total bytes of RAM. */
  get size(): number {
    let s = 0;
    for (const r of this.ranges) s += r.end - r.start;
    return s;
  }

  /** True when every byte of [addr, addr+len) is RAM (len >= 1). */
  contains(addr: number, len: number): boolean {
    const end = addr + len;
    if (addr >= this.lastStart && end <= this.lastEnd) return true;
    // Binary search for the last range starting at or below addr.
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= addr) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0) return false;
    const rEnd = this.ends[found]!;
    if (end > rEnd) return false;
    this.lastStart = this.starts[found]!;
    this.lastEnd = rEnd;
    return true;
  }
}
