/**
 * `non_overlapping_regions_from` (seed FG1.1, finding MEM-01).
 *
 * Audited (MEM-01 on): every usable or reclaimable region is truncated by every unusable region
 * (usable regions are not compared with each other),
 * and the pieces are returned after the unusable ones, unmerged: overlapping usable input gives
 * the same bytes twice. Fixed (default), as the audit recommends: the same truncation, then
 * usable pieces sorted and merged where they overlap or touch and have the same type; where a
 * Usable piece overlaps a Reclaimable one the Reclaimable one wins (it is the more restrictive
 * type, as in later Asterinas), so no byte is handed to the allocator twice. Unusable regions
 * are passed through unchanged (FG1.1); the fixed output is sorted by base.
 * @module
 */
import { NO_BUGS, type BugSet } from '../bugs/index.js';
import { subtract, unionOf } from '../util/bigint-ranges.js';
import { isUsableType, regionRange, truncate, type MemoryRegion, type MemoryRegionType } from './memory-region.js';

/** Options of {@link nonOverlappingRegionsFrom}. */
export interface NonOverlappingOptions {
  /** Audited behaviours to switch on; `MEM-01` selects the unmerged output of 232e62b. */
  readonly bugs?: BugSet;
}

/** Truncates usable regions by the unusable ones; with MEM-01 off also merges them. */
export function nonOverlappingRegionsFrom(regions: readonly MemoryRegion[], opts: NonOverlappingOptions = {}): MemoryRegion[] {
  const usable = regions.filter((r) => isUsableType(r.type));
  const unusable = regions.filter((r) => !isUsableType(r.type));
  let pieces = usable;
  for (const t of unusable) pieces = pieces.flatMap((r) => truncate(r, t));
  if ((opts.bugs ?? NO_BUGS).has('MEM-01')) return [...unusable, ...pieces];
  return [...unusable, ...mergeUsable(pieces)].sort(byBaseThenType);
}

function mergeUsable(pieces: readonly MemoryRegion[]): MemoryRegion[] {
  const ofType = (type: MemoryRegionType) => pieces.filter((p) => p.type === type).map(regionRange);
  const reclaimable = unionOf(ofType('Reclaimable'));
  const usable = subtract(ofType('Usable'), reclaimable);
  const out: MemoryRegion[] = [];
  for (const [type, ranges] of [['Reclaimable', reclaimable], ['Usable', usable]] as const) {
    for (const r of ranges) out.push({ base: r.start, len: r.end - r.start, type });
  }
  return out;
}

function byBaseThenType(a: MemoryRegion, b: MemoryRegion): number {
  if (a.base !== b.base) return a.base < b.base ? -1 : 1;
  return a.len !== b.len ? (a.len < b.len ? -1 : 1) : a.type.localeCompare(b.type);
}
