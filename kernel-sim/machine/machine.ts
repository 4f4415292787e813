/**
 * The emulated machine: its physical memory (sparse, up to 2^52 bytes) and, when asked, its DMA
 * hardware (remapping units, DMAR table, PCI device bus, CPU cache). CPUs and the MMU are used
 * alongside it. The machine knows nothing of the kernel: it is
 * built from RAM ranges; which memory-map regions are RAM is the boot layer's business
 * (see `kernel/ram-ranges.ts`).
 * @module
 */
import { PhysicalMemory } from './physical-memory.js';
import type { PhysRange } from './ram-map.js';
import { DmaPlatform, type DmaPlatformDescription } from './pci/dma-platform.js';

/** Options of a {@link Machine}. */
export interface MachineOptions {
  /** The RAM ranges, half-open byte ranges (overlapping or adjacent ones are merged). */
  readonly ram: Iterable<PhysRange>;
  /** DMA hardware: remapping units (MMIO), DMAR table, device bus, CPU cache (default none). */
  readonly dma?: DmaPlatformDescription;
}

/** An emulated x86-64 machine. */
export class Machine {
  /** Physical memory: reads of untouched RAM give zeros, holes fault. */
  readonly memory: PhysicalMemory;
  /** The DMA hardware, when the options asked for it. */
  readonly dma: DmaPlatform | null;

  /** @throws BadAddressError for a RAM bound outside [0, 2^52]; the DmaPlatform's errors for a bad `dma`. */
  constructor(opts: MachineOptions) {
    this.memory = new PhysicalMemory(opts.ram);
    this.dma = opts.dma ? new DmaPlatform(this.memory, opts.dma) : null;
  }

  /** Bytes of RAM. */
  get ramBytes(): number {
    return this.memory.ram.size;
  }
}
