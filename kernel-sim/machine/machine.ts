/**
 * The emulated machine. This slice: its physical memory (sparse, up to 2^52 bytes). CPUs, MMU,
 * IOMMU and devices join it in later slices. The machine knows nothing of the kernel: it is
 * built from RAM ranges; which memory-map regions are RAM is the boot layer's business
 * (see `kernel-boot/ram-ranges.ts`).
 * @module
 */
import { PhysicalMemory } from './physical-memory.js';
import type { PhysRange } from './ram-map.js';

/** Options of a {@link Machine}. */
export interface MachineOptions {
  /** The RAM ranges, half-open byte ranges (overlapping or adjacent ones are merged). */
  readonly ram: Iterable<PhysRange>;
}

/** An emulated x86-64 machine. */
export class Machine {
  /** Physical memory: reads of untouched RAM give zeros, holes fault. */
  readonly memory: PhysicalMemory;

  /** @throws BadAddressError for a RAM bound outside [0, 2^52]. */
  constructor(opts: MachineOptions) {
    this.memory = new PhysicalMemory(opts.ram);
  }

  /** Bytes of RAM. */
  get ramBytes(): number {
    return this.memory.ram.size;
  }
}
