/**
 * A remapping unit's register page as the kernel reaches it (FG5.4.1: "mapped to an uncached
 * kernel virtual address"): the page is mapped uncacheable in the kernel page table at its
 * linear-map address (a write-back linear mapping of it is changed to UC, an absent one mapped),
 * and every access is a CPU load or store through the MMU to that virtual address, which
 * physical memory routes to the unit's MMIO handler.
 *
 * 232e62b takes `paddr_to_vaddr(base)`, the linear mapping, whatever its cache policy (on
 * hardware the MTRRs make the range UC anyway); the model maps UC as the seed's spec says, in
 * both audited and fixed runs.
 * @module
 */
import { hex, PAGE_SIZE, type CpuState, type Mmu, type PhysicalMemory } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import { PageFlags, PrivilegedPageFlags, type PageTable } from '../page-table/index.js';

/** What the window needs of the kernel address space (a `KernelAddressSpace` has it). */
export interface KernelMappingHost {
  readonly pageTable: PageTable;
  readonly mmu: Mmu;
  readonly cpu: CpuState;
  /** `LINEAR_MAPPING_BASE_VADDR`. */
  readonly linearBase: bigint;
}

/** Register accesses at a unit's uncached kernel mapping. */
export class RegisterWindow {
  /** Register accesses made (loads + stores). */
  accesses = 0;

  private constructor(
    readonly memory: PhysicalMemory,
    readonly host: KernelMappingHost,
    /** The register page's physical base (the DRHD's register base). */
    readonly base: number,
    /** Its kernel virtual address. */
    readonly vaddr: bigint,
  ) {}

  /**
   * Maps the register page at `base` uncacheable and returns the window.
   * @throws KernelPanic for an unaligned base or a mapping that fails
   */
  static map(memory: PhysicalMemory, host: KernelMappingHost, base: number): RegisterWindow {
    if (!Number.isSafeInteger(base) || base % PAGE_SIZE !== 0) throw new KernelPanic('RemappingRegisters::new', `DRHD register base ${String(base)} is not a 4 KiB-aligned physical address`);
    const va = host.linearBase + BigInt(base);
    const range = { start: va, end: va + BigInt(PAGE_SIZE) };
    const q = host.pageTable.query(va);
    try {
      if (q === null) host.pageTable.map(range, { start: base, end: base + PAGE_SIZE }, { flags: PageFlags.RW, cache: 'Uncacheable', privFlags: PrivilegedPageFlags.GLOBAL });
      else if (q.prop.cache !== 'Uncacheable') host.pageTable.protect(range, (p) => { p.cache = 'Uncacheable'; });
    } catch (e) {
      throw new KernelPanic('RemappingRegisters::new', `mapping the registers at ${hex(base)} uncacheable failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    return new RegisterWindow(memory, host, base, va);
  }

  /** A 32-bit load of the register at `offset`. */
  read32(offset: number): number {
    return this.memory.readU32(this.paddr(offset, 'load'));
  }

  /** A 64-bit load. */
  read64(offset: number): bigint {
    return this.memory.readU64(this.paddr(offset, 'load'));
  }

  /** A 32-bit store. */
  write32(offset: number, value: number): void {
    this.memory.writeU32(this.paddr(offset, 'store'), value >>> 0);
  }

  /** A 64-bit store. */
  write64(offset: number, value: bigint): void {
    this.memory.writeU64(this.paddr(offset, 'store'), value);
  }

  // The MMU's translation of the register's virtual address; registers must be reached uncached.
  private paddr(offset: number, what: string): number {
    this.accesses++;
    const t = this.host.mmu.translate(this.host.cpu, this.vaddr + BigInt(offset), { write: what === 'store' });
    if (!t.flags.pcd) throw new KernelPanic('RemappingRegisters', `register ${what} at ${hex(this.vaddr + BigInt(offset))} through a cacheable mapping`);
    return t.paddr;
  }
}
