/**
 * The physical ranges `init_kernel_page_table` maps uncacheable (KSP-02).
 *
 * Audited (232e62b): the fixed window `0x8_0000_0000..0x9_0000_0000` (32-36 GiB), right for one
 * QEMU configuration only. Fixed: the memory map's non-RAM regions (Reserved and Framebuffer,
 * the types later Asterinas's `is_physical` excludes), widened to 4 KiB pages.
 * Simplification: a framebuffer is mapped UC too (write-combining would be the better choice).
 * @module
 */
import type { MemoryRegion } from '../../boot/index.js';
import type { BugSet } from '../../bugs/index.js';
import { PAGE_SIZE, type PhysRange } from '../../machine/index.js';
import { mergeNumberRanges } from '../../util/number-ranges.js';

/** 232e62b's I/O window. */
export const AUDITED_MMIO_WINDOW: PhysRange = Object.freeze({ start: 0x8_0000_0000, end: 0x9_0000_0000 });

/** The I/O ranges to map (KSP-02 audited: the fixed window). */
export function mmioRanges(regions: readonly MemoryRegion[], bugs: BugSet): PhysRange[] {
  if (bugs.has('KSP-02')) return [AUDITED_MMIO_WINDOW];
  const out: PhysRange[] = [];
  for (const r of regions) {
    if ((r.type !== 'Reserved' && r.type !== 'Framebuffer') || r.len === 0n) continue;
    const start = Math.floor(Number(r.base) / PAGE_SIZE) * PAGE_SIZE;
    const end = Math.ceil(Number(r.base + r.len) / PAGE_SIZE) * PAGE_SIZE;
    out.push({ start, end });
  }
  // Merged so no page is mapped twice.
  return mergeNumberRanges(out);
}
