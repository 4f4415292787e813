// Test helper: builds IA-32e page tables in emulated physical memory with a bump frame allocator.
import {
  PhysicalMemory, PTE_P, PTE_PS, PTE_RW, PTE_US, makePte, pteAddress, tableIndex, decodeLinear, CpuState,
} from '../../kernel-sim/machine/index.js';

export const MiB = 2 ** 20;
export const GiB = 2 ** 30;

/** A page-table builder over `mem`; frames for tables come from `tableArea` upwards. */
export class PtBuilder {
  readonly root: number;
  private next: number;
  constructor(readonly mem: PhysicalMemory, tableArea: number, readonly levels: 4 | 5 = 4) {
    this.next = tableArea;
    this.root = this.alloc();
  }

  alloc(): number {
    const f = this.next;
    this.next += 4096;
    this.mem.zero(f, 4096);
    return f;
  }

  /** Address of the entry for `vaddr` at `level`, creating intermediate tables (with `tableFlags`). */
  entryAddr(vaddr: bigint, level: number, tableFlags = PTE_P | PTE_RW | PTE_US): number {
    const la = { vpn: 0, offset: 0 };
    if (!decodeLinear(vaddr, this.levels === 5, la)) throw new Error('non-canonical');
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

  get(vaddr: bigint, level: number): bigint {
    return this.mem.readU64(this.entryAddr(vaddr, level));
  }
}

/** 1 GiB of RAM at 0 (tables from 512 MiB). */
export function newMemory(): PhysicalMemory {
  return new PhysicalMemory([{ start: 0, end: GiB }, { start: 4 * GiB, end: 8 * GiB }]);
}

/** A CPU in long mode on `pt` with NXE and WP, optionally PGE and a PCID. */
export function longModeCpu(pt: PtBuilder, opts: { pge?: boolean; pcid?: number; nxe?: boolean; id?: number; geometry?: import('../../kernel-sim/machine/index.js').TlbGeometry } = {}): CpuState {
  const cpu = new CpuState({ id: opts.id ?? 0, geometry: opts.geometry });
  cpu.enterLongMode({ root: pt.root, la57: pt.levels === 5, pge: opts.pge ?? true, nxe: opts.nxe ?? true, pcid: opts.pcid });
  return cpu;
}
