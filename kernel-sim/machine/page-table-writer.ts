/**
 * IA-32e page tables written straight into physical memory, as firmware or a test would: no
 * kernel, no metadata, tables taken from a bump area. For hardware experiments (TLB geometry,
 * walk costs) that should not depend on the kernel model's page-table code.
 * @module
 */
import { hex } from './address.js';
import { KernelSimError } from '../util/errors.js';
import { decodeLinear, tableIndex } from './linear-address.js';
import type { PhysicalMemory } from './physical-memory.js';
import { makePte, pteAddress, PTE_P, PTE_PS, PTE_RW, PTE_US } from './pte-bits.js';
import { TableFrameWriter } from './table-frame-writer.js';

/** A linear address that is not canonical for the writer's paging depth. */
export class NonCanonicalAddressError extends KernelSimError {
  constructor(readonly vaddr: bigint, readonly levels: number) {
    super(`${hex(vaddr)} is not canonical with ${levels}-level paging`);
  }
}

/** Writes page tables into `mem`, taking table frames upwards from `tableArea` (the first is the top-level table, CR3's base). */
export class PageTableWriter extends TableFrameWriter {
  constructor(mem: PhysicalMemory, tableArea: number, readonly levels: 4 | 5 = 4) {
    super(mem, tableArea);
  }

  /** Address of the entry for `vaddr` at `level`, creating intermediate tables with `tableFlags`. */
  entryAddr(vaddr: bigint, level: number, tableFlags = PTE_P | PTE_RW | PTE_US): number {
    const la = { vpn: 0, offset: 0 };
    if (!decodeLinear(vaddr, this.levels === 5, la)) throw new NonCanonicalAddressError(vaddr, this.levels);
    let table = this.root;
    for (let l = this.levels; l > level; l--) {
      const at = table + tableIndex(la.vpn, l) * 8;
      let e = this.mem.readU64(at);
      if ((e & PTE_P) === 0n) {
        e = makePte(this.alloc(), tableFlags);
        this.mem.writeU64(at, e);
      }
      table = pteAddress(e);
    }
    return table + tableIndex(la.vpn, level) * 8;
  }

  /** Maps the page of `level` (1: 4K, 2: 2M, 3: 1G) holding `vaddr` to `paddr` with `flags` (P added). */
  map(vaddr: bigint, paddr: number, flags: bigint, level = 1): number {
    const at = this.entryAddr(vaddr, level);
    this.mem.writeU64(at, makePte(paddr, flags | PTE_P | (level > 1 ? PTE_PS : 0n)));
    return at;
  }

  /** Writes a raw entry. */
  set(vaddr: bigint, level: number, entry: bigint): number {
    const at = this.entryAddr(vaddr, level);
    this.mem.writeU64(at, entry);
    return at;
  }

  /** Reads the entry for `vaddr` at `level`. */
  get(vaddr: bigint, level: number): bigint {
    return this.mem.readU64(this.entryAddr(vaddr, level));
  }
}
