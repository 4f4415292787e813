/**
 * VT-d translation structures written straight into physical memory, as firmware or a test
 * would: a root table, context tables and 3-level second-level tables taken from a bump area,
 * no kernel involved. For hardware experiments and tests that must not depend on the kernel
 * model's `RootTable`/`ContextTable`; also writes deliberately bad entries (reserved bits) when asked.
 * @module
 */
import { KernelSimError } from '../../util/errors.js';
import { hex } from '../address.js';
import { TableFrameWriter } from '../table-frame-writer.js';
import { encodeContextEntry, encodeRootEntry, encodeSlEntry, type ContextEntryFields } from './entries.js';

/** A mapping the writer cannot make (unaligned, beyond 39 bits, or over an existing leaf). */
export class VtdMappingError extends KernelSimError {
  constructor(readonly addr: number, readonly reason: string) {
    super(`VT-d table writer, device address ${hex(addr)}: ${reason}`);
  }
}

/** Rights of a second-level leaf. */
export interface SlRights {
  readonly read?: boolean;
  readonly write?: boolean;
  readonly snoop?: boolean;
}

const SIZE_OF_LEVEL = [0, 4096, 2 ** 21, 2 ** 30];

/** Writes VT-d tables into `mem`, taking 4 KiB frames upwards from `tableArea` (the first is the root table, what RTADDR gets). */
export class VtdTableWriter extends TableFrameWriter {
  /** The context table of `bus`, created (and its root entry written) if absent. */
  contextTable(bus: number): number {
    const ra = this.root + bus * 16;
    const lo = this.mem.readU64(ra);
    if ((lo & 1n) !== 0n) return Number(lo & ~0xfffn);
    const ct = this.alloc();
    this.write128(ra, encodeRootEntry({ present: true, contextTable: ct }));
    return ct;
  }

  /** Writes the context entry of `bus:devfn`. */
  setContext(bus: number, devfn: number, fields: ContextEntryFields): void {
    this.write128(this.contextTable(bus) + devfn * 16, encodeContextEntry(fields));
  }

  /** A new empty second-level root table (for a context entry's SLPTPTR). */
  newDomainTable(): number {
    return this.alloc();
  }

  /**
   * Maps device address `addr` to `paddr` in the 3-level tables at `table` with a leaf at
   * `level` (1 = 4 KiB, 2 = 2 MiB, 3 = 1 GiB). Intermediate entries get R|W.
   */
  map(table: number, addr: number, paddr: number, rights: SlRights, level = 1): void {
    const size = SIZE_OF_LEVEL[level];
    if (size === undefined || level < 1) throw new VtdMappingError(addr, `leaf level ${level} is not 1, 2 or 3`);
    if (addr % size !== 0 || paddr % size !== 0) throw new VtdMappingError(addr, `not aligned to the ${size}-byte leaf (paddr ${hex(paddr)})`);
    if (addr < 0 || addr >= 2 ** 39) throw new VtdMappingError(addr, 'beyond the 39-bit address width');
    let t = table;
    for (let l = 3; l > level; l--) {
      const ea = t + this.index(addr, l) * 8;
      const e = this.mem.readU64(ea);
      if ((e & 3n) !== 0n && (e & 0x80n) !== 0n) throw new VtdMappingError(addr, `a large leaf already maps it at level ${l}`);
      if ((e & 3n) === 0n) {
        const nt = this.alloc();
        this.mem.writeU64(ea, encodeSlEntry(nt, { read: true, write: true }));
        t = nt;
      } else {
        t = Number(e & 0xffffffffff000n);
      }
    }
    this.mem.writeU64(t + this.index(addr, level) * 8, encodeSlEntry(paddr, { ...rights, large: level > 1 }));
  }

  /**
   * The address of the entry for `addr` at `level` in the tables at `table`, or -1 when a
   * table on the way is missing (for tests that patch entries by hand).
   */
  entryAddress(table: number, addr: number, level: number): number {
    let t = table;
    for (let l = 3; l > level; l--) {
      const e = this.mem.readU64(t + this.index(addr, l) * 8);
      if ((e & 3n) === 0n || (e & 0x80n) !== 0n) return -1;
      t = Number(e & 0xffffffffff000n);
    }
    return t + this.index(addr, level) * 8;
  }

  private index(addr: number, level: number): number {
    return Math.floor(addr / SIZE_OF_LEVEL[level]!) % 512;
  }

  private write128(a: number, [lo, hi]: [bigint, bigint]): void {
    this.mem.writeU64(a, lo);
    this.mem.writeU64(a + 8, hi);
  }
}
