/**
 * Byte counts of a region list per type, and what the allocator would be handed: the figures
 * notebook tables and reports show for a memory map.
 * @module
 */
import { coveredBytes } from '../util/bigint-ranges.js';
import { isUsableType, MEMORY_REGION_TYPES, regionRange, type MemoryRegion, type MemoryRegionType } from './memory-region.js';

/** Totals of one region list. */
export interface LayoutSummary {
  /** Bytes per region type, overlaps within a type counted once. */
  readonly bytesByType: Readonly<Record<MemoryRegionType, bigint>>;
  /** Bytes of all Usable and Reclaimable regions as listed (overlaps counted as often as listed). */
  readonly handedToAllocator: bigint;
  /** Distinct usable bytes (overlaps counted once). */
  readonly distinctUsable: bigint;
  /** Bytes listed as usable more than once: what the allocator is handed twice. */
  readonly duplicated: bigint;
  /** One past the highest address of any region. */
  readonly maxAddress: bigint;
}

/** Sums a region list. */
export function summarizeRegions(regions: readonly MemoryRegion[]): LayoutSummary {
  const bytesByType = Object.fromEntries(
    MEMORY_REGION_TYPES.map((t) => [t, coveredBytes(regions.filter((r) => r.type === t).map(regionRange))]),
  ) as Record<MemoryRegionType, bigint>;
  const usable = regions.filter((r) => isUsableType(r.type));
  const handedToAllocator = usable.reduce((n, r) => n + r.len, 0n);
  const distinctUsable = coveredBytes(usable.map(regionRange));
  const maxAddress = regions.reduce((m, r) => (r.base + r.len > m ? r.base + r.len : m), 0n);
  return { bytesByType, handedToAllocator, distinctUsable, duplicated: handedToAllocator - distinctUsable, maxAddress };
}
