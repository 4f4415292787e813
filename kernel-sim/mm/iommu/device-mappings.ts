/**
 * The leaves of a device page table, read from machine memory as the unit's walk reads them:
 * second-level entries are present when R or W is set, level 1 is the leaf level (4 KiB), the
 * address is bits 12..47. Used to empty a table before it is freed and by Target 14.
 * @module
 */
import type { PhysicalMemory } from '../../machine/index.js';

/** One 4 KiB device mapping. */
export interface DeviceMapping {
  readonly daddr: number;
  readonly paddr: number;
  /** R (1) and W (2) of the leaf, ANDed with those of the entries above it. */
  readonly rw: number;
}

const ADDR = 0xffff_ffff_f000n;

/** Every leaf under the `levels`-level table at `root`, in device-address order. */
export function deviceMappings(mem: PhysicalMemory, root: number, levels = 3): DeviceMapping[] {
  const out: DeviceMapping[] = [];
  const walk = (table: number, level: number, base: number, rw: number, depth: number): void => {
    if (depth > levels) return; // a loop in corrupted tables
    for (let i = 0; i < 512; i++) {
      const lo = mem.readU32(table + i * 8);
      const bits = lo & 3;
      if (bits === 0) continue;
      const pte = mem.readU64(table + i * 8);
      const addr = Number(pte & ADDR);
      const da = base + i * 4096 * 512 ** (level - 1);
      if (level === 1) out.push({ daddr: da, paddr: addr, rw: rw & bits });
      else walk(addr, level - 1, da, rw & bits, depth + 1);
    }
  };
  walk(root, levels, 0, 3, 1);
  return out;
}
