/**
 * Which boot memory regions are RAM, to build the emulated machine's physical memory. Follows
 * later Asterinas's `MemoryRegionType::is_physical` (commit 66e293e9896a, 2025-12-02): every type
 * except BadMemory, Reserved and Framebuffer (and Unknown, which kernel-sim's region types fold
 * into BadMemory) is physical memory. So Usable, Reclaimable, NonVolatileSleep, Kernel and Module
 * regions are RAM; the firmware's Reserved windows (e.g. QEMU's below 1 TiB) are holes.
 * @module
 */
import type { MemoryRegion, MemoryRegionType } from '../boot/index.js';
import { physAddrFromBigint, type PhysRange } from '../machine/index.js';

/** `MemoryRegionType::is_physical` of later Asterinas. */
export function isPhysicalRegionType(type: MemoryRegionType): boolean {
  return type !== 'BadMemory' && type !== 'Reserved' && type !== 'Framebuffer';
}

/** The RAM ranges of `regions` (physical ones only, as byte ranges; empty regions dropped). */
export function ramRangesOf(regions: readonly MemoryRegion[]): PhysRange[] {
  const out: PhysRange[] = [];
  for (const r of regions) {
    if (!isPhysicalRegionType(r.type) || r.len === 0n) continue;
    out.push({ start: physAddrFromBigint(r.base, 'region base'), end: physAddrFromBigint(r.base + r.len, 'region end') });
  }
  return out;
}
