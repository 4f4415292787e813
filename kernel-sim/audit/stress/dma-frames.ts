/**
 * Frame conservation for the DMA workloads: the frames the IOMMU's translation structures and
 * the kernel page table hold, counted by walking them in memory as the hardware finds them
 * (root table, context tables, device page-table nodes; the kernel's 4-level table, whose
 * linear-map huge pages `DmaCoherent::map` may split). Every other allocated frame must be a
 * DMA buffer the workload's model holds.
 * @module
 */
import type { PhysicalMemory } from '../../machine/index.js';

/** Frames of the IOMMU structures under the root table at `root` (itself included). */
export function translationFrames(mem: PhysicalMemory, root: number, levels = 3): number {
  const seen = new Set<number>([root]);
  const rootWords = tableWords(mem, root);
  const ctWords = new Uint32Array(1024);
  for (let bus = 0; bus < 256; bus++) {
    if ((rootWords[bus * 4]! & 1) === 0) continue;
    const ct = addrOf(rootWords, bus * 4);
    if (seen.has(ct)) continue;
    seen.add(ct);
    mem.readU32Words(ct, 1024, ctWords);
    // Context entry: lo bit 0 P, bits 63:12 the second-level table.
    for (let devfn = 0; devfn < 256; devfn++) if ((ctWords[devfn * 4]! & 1) !== 0) nodes(mem, addrOf(ctWords, devfn * 4), levels, seen, 3, 0);
  }
  return seen.size;
}

/** Nodes of the x86-64 page table at `root` (`levels` levels; PS ends a walk at levels 2 and 3). */
export function kernelTableFrames(mem: PhysicalMemory, root: number, levels = 4): number {
  const seen = new Set<number>();
  nodes(mem, root, levels, seen, 1, 0x80);
  return seen.size;
}

// The 1024 u32 words of the table page at `table` (one RAM check, as the unit reads a page).
function tableWords(mem: PhysicalMemory, table: number): Uint32Array {
  const w = new Uint32Array(1024);
  mem.readU32Words(table, 1024, w);
  return w;
}

// Bits 51:12 of the 64-bit entry at word `i` (low) and `i + 1` (high).
function addrOf(w: Uint32Array, i: number): number {
  return (w[i + 1]! & 0xfffff) * 0x1_0000_0000 + ((w[i]! & 0xffff_f000) >>> 0);
}

// Adds the table at `table` and its sub-tables to `seen`: an entry is present when its low word
// has a bit of `present`, a leaf above level 1 when it has `huge` (0: never).
function nodes(mem: PhysicalMemory, table: number, level: number, seen: Set<number>, present: number, huge: number): void {
  // A table reached twice (one shared device table under MOI-02 audited) is counted once.
  if (seen.has(table)) return;
  seen.add(table);
  if (level === 1) return;
  const w = tableWords(mem, table);
  for (let i = 0; i < 512; i++) {
    const lo = w[i * 2]!;
    if ((lo & present) === 0 || (lo & huge) !== 0) continue;
    nodes(mem, addrOf(w, i * 2), level - 1, seen, present, huge);
  }
}
