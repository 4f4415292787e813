/**
 * `BootPageTable` (232e62b `mm/page_table/boot_pt.rs`): the boot-stage page table that maps the
 * frame metadata before page-table nodes can have metadata. `fromCurrentPt` takes CR3's root,
 * `mapBasePage` walks from the root, creating intermediate tables with frames from
 * `FRAME_ALLOCATOR` (zeroed, remembered, no metadata) and panics on a mapped page or a huge page
 * in the way; `retire` frees those frames (not the root or the tables it found). Dropping one
 * instead of retiring panics, as its `Drop` does.
 *
 * Simplification: 232e62b writes through `paddr_to_vaddr`; the model writes machine memory by
 * physical address.
 * @module
 */
import { hex, PAGE_SIZE, type CpuState, type PhysicalMemory } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import type { FrameAllocator } from '../frame/index.js';
import type { PageProperty } from './page-prop.js';
import { X86_64_PAGING, type PagingConsts } from './paging-consts.js';
import {
  isLastLo, isPresentLo, newFrameHi, newFrameLo, newPtHi, newPtLo, paddrOf, propHi, propLo, type PteEncoding,
} from './pte.js';
import { pteIndexOfVpn } from './paging-consts.js';

/** What a {@link BootPageTable} works with. */
export interface BootPageTableEnv {
  readonly memory: PhysicalMemory;
  /** `FRAME_ALLOCATOR`. */
  readonly frames: FrameAllocator;
  /** The PTE encoding (MOM-04 etc.). */
  readonly enc: PteEncoding;
  /** Paging constants (default x86-64 4-level). */
  readonly consts?: PagingConsts;
}

/** `BootPageTable<E, C>`. */
export class BootPageTable {
  private readonly consts: PagingConsts;
  private readonly allocated: number[] = [];
  private retired = false;
  private last: PageProperty | null = null;
  private bitsLo = 0;
  private bitsHi = 0;

  /** @param rootPt the root's frame number (`root_pt`). */
  constructor(private readonly env: BootPageTableEnv, readonly rootPt: number) {
    this.consts = env.consts ?? X86_64_PAGING;
  }

  /** `from_current_pt()`: the root from `cpu`'s CR3. */
  static fromCurrentPt(env: BootPageTableEnv, cpu: CpuState): BootPageTable {
    return new BootPageTable(env, cpu.root / PAGE_SIZE);
  }

  /** Frames this table allocated (`frames`), in allocation order. */
  get frames(): readonly number[] {
    return this.allocated;
  }

  /**
   * `map_base_page(from, to, prop)`: maps the 4 KiB page at `from` to frame number `to`.
   * @throws KernelPanic for a huge page on the way, an already mapped page, an exhausted
   *   allocator (`unwrap()`), or use after retire.
   */
  mapBasePage(from: bigint, to: number, prop: PageProperty): void {
    this.live('BootPageTable::map_base_page');
    const c = this.consts;
    const mem = this.env.memory;
    const enc = this.env.enc;
    let pt = this.rootPt;
    // pte_index on the page number as a plain number (the address bits below the width).
    const vpn = Number(BigInt.asUintN(c.addressWidth, from) >> 12n);
    for (let level = c.nrLevels; level > 1; level--) {
      const addr = pt * PAGE_SIZE + pteIndexOfVpn(vpn, level) * 8;
      const lo = mem.readU32(addr);
      if (!isPresentLo(lo)) {
        const frame = this.allocFrame();
        const pa = frame * PAGE_SIZE;
        mem.writeU32(addr, newPtLo(pa));
        mem.writeU32(addr + 4, newPtHi(pa, enc));
        pt = frame;
      } else if (isLastLo(lo, level)) {
        throw new KernelPanic('BootPageTable::map_base_page', `mapping an already mapped huge page in the boot page table (${hex(from)}, level ${level})`);
      } else {
        pt = paddrOf(lo, mem.readU32(addr + 4), enc) / PAGE_SIZE;
      }
    }
    const addr = pt * PAGE_SIZE + (vpn % 512) * 8;
    if (isPresentLo(mem.readU32(addr))) throw new KernelPanic('BootPageTable::map_base_page', `mapping an already mapped page in the boot page table (${hex(from)})`);
    const pa = to * PAGE_SIZE;
    this.encode(prop);
    mem.writeU32(addr, newFrameLo(pa, 1, this.bitsLo));
    mem.writeU32(addr + 4, newFrameHi(pa, this.bitsHi, enc));
  }

  /** `retire()`: deallocates the frames this table allocated. The table must no longer be in use. */
  retire(): void {
    this.live('BootPageTable::retire');
    this.retired = true;
    for (const f of this.allocated) this.env.frames.dealloc(f, 1);
  }

  /** `Drop`: a boot page table must be retired, never dropped. */
  drop(): never {
    throw new KernelPanic('BootPageTable::drop', 'the boot page table is dropped rather than retired.');
  }

  // The PTE bits of the last property (meta::init maps millions of pages with one property).
  private encode(prop: PageProperty): void {
    const l = this.last;
    if (l !== null && l.flags === prop.flags && l.cache === prop.cache && l.privFlags === prop.privFlags) return;
    this.bitsLo = propLo(prop, 1, this.env.enc);
    this.bitsHi = propHi(prop, this.env.enc);
    this.last = { flags: prop.flags, cache: prop.cache, privFlags: prop.privFlags };
  }

  private allocFrame(): number {
    const f = this.env.frames.allocSingle({ zeroed: true });
    if (f === null) throw new KernelPanic('BootPageTable::alloc_frame', 'FRAME_ALLOCATOR.alloc(1).unwrap() on None');
    this.allocated.push(f);
    return f;
  }

  private live(fn: string): void {
    if (this.retired) throw new KernelPanic(fn, 'the boot page table was retired');
  }
}
