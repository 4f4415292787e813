/**
 * How the CPU side of a DMA buffer reaches memory: through the CPU cache for a write-back
 * mapping, around it for an uncacheable one, and `clflush` for `DmaStream::sync`. The machine's
 * cache model plugs in here; {@link directCpuMemory} is a machine with no cache (every access
 * goes to RAM and `clflush` does nothing), which is what the model is without one.
 * @module
 */
import type { PhysicalMemory } from '../../machine/index.js';
import type { CachePolicy } from '../page-table/index.js';

/** The CPU's loads, stores and cache-line flushes by physical address. */
export interface CpuMemoryPort {
  /** A load of `len` bytes at `paddr` through a mapping of memory type `cache`. */
  read(paddr: number, len: number, cache: CachePolicy): Uint8Array;
  /** A store at `paddr` through a mapping of memory type `cache`. */
  write(paddr: number, data: Uint8Array, cache: CachePolicy): void;
  /** `clflush` of the line holding `paddr`: write back if dirty, then invalidate. */
  clflush(paddr: number): void;
}

/** A CPU with no cache: RAM directly. */
export function directCpuMemory(memory: PhysicalMemory): CpuMemoryPort {
  return {
    read: (paddr, len) => memory.readBytes(paddr, len),
    write: (paddr, data) => memory.writeBytes(paddr, data),
    clflush: () => {},
  };
}
