/**
 * Memory regions of the boot phase (seed FG1; `aster_frame::boot::memory_region` at 232e62b).
 * Addresses are exact bigints: the MBI carries u64 fields, and an audit tool must not round them.
 * @module
 */
import type { Range } from '../util/bigint-ranges.js';

/**
 * The type of a boot memory region, most restrictive first (the enum's order at 232e62b:
 * BadMemory = 0 ... Usable = 7).
 */
export const MEMORY_REGION_TYPES = [
  'BadMemory',
  'NonVolatileSleep',
  'Reserved',
  'Kernel',
  'Module',
  'Framebuffer',
  'Reclaimable',
  'Usable',
] as const;

/** One of {@link MEMORY_REGION_TYPES}. */
export type MemoryRegionType = (typeof MEMORY_REGION_TYPES)[number];

/** A region of physical memory with its type: base and length in bytes. */
export interface MemoryRegion {
  readonly base: bigint;
  readonly len: bigint;
  readonly type: MemoryRegionType;
}

/** True for the types the frame allocator may take (`Usable`, `Reclaimable`). */
export function isUsableType(type: MemoryRegionType): boolean {
  return type === 'Usable' || type === 'Reclaimable';
}

/** True when `s` names a region type. */
export function isMemoryRegionType(s: string): s is MemoryRegionType {
  return (MEMORY_REGION_TYPES as readonly string[]).includes(s);
}

/** One past the region's last byte. */
export function regionEnd(r: MemoryRegion): bigint {
  return r.base + r.len;
}

/** The region as a half-open range. */
export function regionRange(r: MemoryRegion): Range {
  return { start: r.base, end: r.base + r.len };
}

/**
 * The FG1.1 mapping from a Multiboot2 / e820 memory-map type to a region type
 * (`From<MemoryAreaType> for MemoryRegionType` at 232e62b): 1 Usable, 2 Reserved,
 * 3 Reclaimable, 4 NonVolatileSleep, anything else BadMemory.
 */
export function regionTypeFromMmap(type: number): MemoryRegionType {
  switch (type) {
    case 1: return 'Usable';
    case 2: return 'Reserved';
    case 3: return 'Reclaimable';
    case 4: return 'NonVolatileSleep';
    default: return 'BadMemory';
  }
}

/**
 * Removes `t` from `r` as `MemoryRegion::truncate` does at 232e62b: 0, 1 or 2 pieces of `r`.
 * Kept to the line, including its quirk that an empty `t` inside `r` splits `r` in two.
 */
export function truncate(r: MemoryRegion, t: MemoryRegion): MemoryRegion[] {
  const rEnd = r.base + r.len;
  const tEnd = t.base + t.len;
  if (r.base < t.base) {
    if (rEnd > t.base) {
      if (rEnd > tEnd) {
        return [
          { base: r.base, len: t.base - r.base, type: r.type },
          { base: tEnd, len: rEnd - tEnd, type: r.type },
        ];
      }
      return [{ base: r.base, len: t.base - r.base, type: r.type }];
    }
    return [r];
  }
  if (r.base < tEnd) {
    return rEnd > tEnd ? [{ base: tEnd, len: rEnd - tEnd, type: r.type }] : [];
  }
  return [r];
}
