/**
 * Memory-mapped I/O: a device's register page at a physical address range outside RAM.
 * {@link PhysicalMemory} consults its {@link MmioMap} only when an access misses RAM, so the
 * RAM path pays nothing. MMIO is reached by the sized accessors (readU8..readU64, writeU8..
 * writeU64); bulk copies (readBytes, writeBytes, fill) to MMIO fault, as string operations to
 * device registers are not something the model supports.
 * @module
 */
import { KernelSimError } from '../util/errors.js';
import { hex, isPhysAddr } from './address.js';

/** Width in bytes of one register access. */
export type MmioSize = 1 | 2 | 4 | 8;

/** A device that answers reads and writes of its register range. */
export interface MmioHandler {
  /** Names the device in errors (e.g. `DMAR unit 0`). */
  readonly mmioName: string;
  /**
   * Reads `size` bytes at `offset` from the start of the range (little-endian value).
   * @throws a typed error for an access the device refuses (e.g. unaligned)
   */
  mmioRead(offset: number, size: MmioSize): bigint;
  /** Writes `size` bytes of `value` at `offset` from the start of the range. */
  mmioWrite(offset: number, size: MmioSize, value: bigint): void;
}

/** A registered MMIO range. */
export interface MmioRegion {
  readonly base: number;
  readonly size: number;
  readonly handler: MmioHandler;
}

/** An MMIO range that overlaps RAM or another range, or is not a valid physical range. */
export class MmioMapError extends KernelSimError {
  constructor(readonly base: number, readonly size: number, readonly reason: string) {
    super(`MMIO range [${hex(base)}, ${hex(base + size)}): ${reason}`);
  }
}

/** The MMIO ranges of a machine (few: a linear list is fastest). */
export class MmioMap {
  private readonly list: MmioRegion[] = [];

  /** The registered ranges, by base. */
  get regions(): readonly MmioRegion[] {
    return this.list;
  }

  /** Adds a range. @throws MmioMapError when it overlaps one already registered. */
  add(region: MmioRegion): void {
    const { base, size } = region;
    if (!isPhysAddr(base) || !Number.isInteger(size) || size <= 0 || !isPhysAddr(base + size)) {
      throw new MmioMapError(base, size, 'not a non-empty physical range');
    }
    for (const r of this.list) {
      if (base < r.base + r.size && r.base < base + size) {
        throw new MmioMapError(base, size, `overlaps ${r.handler.mmioName} at ${hex(r.base)}`);
      }
    }
    this.list.push(region);
    this.list.sort((a, b) => a.base - b.base);
  }

  /** Removes the range starting at `base`; true when there was one. */
  remove(base: number): boolean {
    const i = this.list.findIndex((r) => r.base === base);
    if (i < 0) return false;
    this.list.splice(i, 1);
    return true;
  }

  /** The range holding all of [addr, addr+size), or undefined. */
  find(addr: number, size: number): MmioRegion | undefined {
    for (const r of this.list) {
      if (addr >= r.base && addr + size <= r.base + r.size) return r;
    }
    return undefined;
  }
}
