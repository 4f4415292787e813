/**
 * Frame conservation for the DMA workloads: the frames the IOMMU's translation structures and
 * the kernel page table hold, counted by walking them in memory as the hardware finds them
 * (root table, context tables, device page-table nodes; the kernel's 4-level table, whose
 * linear-map huge pages `DmaCoherent::map` may split). Every other allocated frame must be a
 * DMA buffer the workload's model holds.
 * @module
 */
import type { PhysicalMemory } from '../../machine/index.js';
import { contextEntryFields, entryAddr, entryPresent, readEntry } from '../../mm/iommu/index.js';

const ADDR = 0x000f_ffff_ffff_f000n;

/** Frames of the IOMMU structures under the root table at `root` (itself included). */
export function translationFrames(mem: PhysicalMemory, root: number, levels = 3): number {
  const seen = new Set<number>([root]);
  for (let bus = 0; bus < 256; bus++) {
    const re = readEntry(mem, root, bus);
    if (!entryPresent(re)) continue;
    const ct = entryAddr(re);
    if (seen.has(ct)) continue;
    seen.add(ct);
    for (let devfn = 0; devfn < 256; devfn++) {
      const ce = contextEntryFields(readEntry(mem, ct, devfn));
      if (ce.present) nodes(mem, ce.slptptr, levels, seen, (lo) => (lo & 3) !== 0, () => false);
    }
  }
  return seen.size;
}

/** Nodes of the x86-64 page table at `root` (`levels` levels; PS ends a walk at levels 2 and 3). */
export function kernelTableFrames(mem: PhysicalMemory, root: number, levels = 4): number {
  const seen = new Set<number>();
  nodes(mem, root, levels, seen, (lo) => (lo & 1) !== 0, (lo, level) => level < levels && (lo & 0x80) !== 0);
  return seen.size;
}

// Adds the table at `table` and its sub-tables to `seen`; `present` / `leaf` read an entry's low word.
function nodes(mem: PhysicalMemory, table: number, level: number, seen: Set<number>, present: (lo: number) => boolean, leaf: (lo: number, level: number) => boolean): void {
  if (seen.has(table) && level > 0) {
    // A table reached twice (one shared device table under MOI-02 audited) is counted once.
    return;
  }
  seen.add(table);
  if (level === 1) return;
  for (let i = 0; i < 512; i++) {
    const lo = mem.readU32(table + i * 8);
    if (!present(lo) || leaf(lo, level)) continue;
    nodes(mem, Number(mem.readU64(table + i * 8) & ADDR), level - 1, seen, present, leaf);
  }
}
