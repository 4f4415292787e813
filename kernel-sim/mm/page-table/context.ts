/**
 * What the page-table code of 232e62b reaches through statics and generics — machine memory
 * (`paddr_to_vaddr`), the page layer (`FRAME_ALLOCATOR`, `MetaSlot`s), `PagingConsts`, the PTE
 * type and `VMALLOC_VADDR_RANGE` — gathered into one object per kernel, with the audited
 * switches, checking mode, the lock class of page-table nodes and per-node lock objects for the
 * lock-order checker.
 *
 * It also defines the page-table page's `PageMeta` descriptor with 232e62b's
 * `PageTablePageMeta::on_drop` (FG4.10.15 via FG4.4.7): dropping the last reference to a node
 * drops every child (page tables recursively, leaves as `Frame`s) and frees the frame. A leaf
 * that is not a tracked frame (an untracked mapping) has no handle to restore: 232e62b says
 * "you cannot drop a page table node that maps to untracked frames"; the model refuses with a
 * `KernelPanic` before anything changes.
 * @module
 */
import type { BugSet } from '../../bugs/index.js';
import { hex, PAGE_SIZE, type PhysicalMemory } from '../../machine/index.js';
import { lockClass, SpinLock, type LockClass } from '../../sync/index.js';
import { KernelPanic } from '../../util/errors.js';
import { FrameMeta, Page, PAGE_USAGE, PageTablePageMeta, PT_META_OFFSETS, type PageMeta, type PageSystem, type PageTablePageMetaFields } from '../page/index.js';
import { X86_64_PAGING, type PagingConsts } from './paging-consts.js';
import { propHi, propLo, type PteEncoding } from './pte.js';
import type { PageProperty } from './page-prop.js';
import { VMALLOC_VADDR_RANGE } from './mode.js';
import { forEachPresent, walkTree } from './tree-walk.js';

/** The lock class of page-table node locks: acquired root to leaf, released leaf to root. */
export const PAGE_TABLE_NODE_LOCK: LockClass = lockClass('page-table-node', { protocol: 'root-to-leaf' });

/** Options of a {@link PageTableContext}. */
export interface PageTableContextOptions {
  /** Paging constants (default x86-64 4-level as at 232e62b). */
  readonly consts?: PagingConsts;
  /** Audited behaviours (default: the page system's). */
  readonly bugs?: BugSet;
  /** Checking mode (default: the page system's). */
  readonly check?: boolean;
  /** The `intel_tdx` feature (default false). */
  readonly tdx?: boolean;
  /** PAT layout (default `'asterinas'`, 232e62b's). */
  readonly pat?: 'asterinas' | 'linux';
  /** `VMALLOC_VADDR_RANGE` (default 232e62b's), to show CUR-06 with a misaligned start. */
  readonly vmallocRange?: { readonly start: bigint; readonly end: bigint };
  /**
   * 232e62b's `unmap` break at an absent entry that skips the rest of the range (found while
   * modelling, not in the audit; see `cursor-mut.ts`). Default false (the fix).
   */
  readonly unmapSkipsRest?: boolean;
  /**
   * The PTE format (default `'x86-64'`); `'vtd-second-level'` for `PageTable<DeviceMode>`, with
   * {@link VTD_SL_PAGING} as its constants. MOM-04 does not apply to it; SLP-01 does.
   */
  readonly pteFormat?: 'x86-64' | 'vtd-second-level';
}

/** Counters of page-table work. */
export interface PageTableStats {
  nodesAllocated: number;
  nodesFreed: number;
  pteWrites: number;
  lockAcquires: number;
}

/** The page-table layer of one kernel. */
export class PageTableContext {
  /** Paging constants. */
  readonly consts: PagingConsts;
  /** Audited behaviours. */
  readonly bugs: BugSet;
  /** Checking mode: the Target 9-12 checks run after each operation. */
  readonly check: boolean;
  /** How PTEs encode properties. */
  readonly enc: PteEncoding;
  /** 232e62b's unmap that skips the rest of the range (see {@link PageTableContextOptions}). */
  readonly unmapSkipsRest: boolean;
  /** `VMALLOC_VADDR_RANGE`. */
  readonly vmallocRange: { readonly start: bigint; readonly end: bigint };
  /** `PageTablePageMeta` with 232e62b's recursive `on_drop` over this memory. */
  readonly ptMeta: PageMeta<PageTablePageMetaFields>;
  /** Counters. */
  readonly stats: PageTableStats = { nodesAllocated: 0, nodesFreed: 0, pteWrites: 0, lockAcquires: 0 };
  /** Low-half property bits from the last {@link encodeProp}. */
  bitsLo = 0;
  /** High-half property bits from the last {@link encodeProp}. */
  bitsHi = 0;
  private readonly propCache = { flags: -1, cache: '', privFlags: -1, level: -1 };
  private readonly locks = new Map<number, SpinLock>();

  constructor(
    /** Machine memory holding the PTEs. */
    readonly memory: PhysicalMemory,
    /** The page layer (metadata, allocator, ownership ledger). */
    readonly pages: PageSystem,
    opts: PageTableContextOptions = {},
  ) {
    this.consts = opts.consts ?? X86_64_PAGING;
    this.bugs = opts.bugs ?? pages.bugs;
    this.check = opts.check ?? pages.check;
    const sl = opts.pteFormat === 'vtd-second-level';
    this.enc = sl
      ? Object.freeze({ tdx: false, pat: 'asterinas' as const, presentIsR: false, format: 'vtd-second-level' as const, slNewPtNoRw: this.bugs.has('SLP-01') })
      : Object.freeze({ tdx: opts.tdx ?? false, pat: opts.pat ?? 'asterinas', presentIsR: this.bugs.has('MOM-04') });
    this.vmallocRange = opts.vmallocRange ?? VMALLOC_VADDR_RANGE;
    this.unmapSkipsRest = opts.unmapSkipsRest ?? this.bugs.has('UNM-01');
    this.ptMeta = { ...PageTablePageMeta, onDrop: (sys, paddr) => this.onDrop(sys, paddr) };
  }

  /** The lock object standing for node `paddr`'s lock byte in the lock-order checker. */
  lockOf(paddr: number, level: number): SpinLock {
    let l = this.locks.get(paddr);
    if (l === undefined || l.level !== level) {
      l = new SpinLock(`pt-node ${hex(paddr)}`, { class: PAGE_TABLE_NODE_LOCK, level });
      this.locks.set(paddr, l);
    }
    return l;
  }

  /** Reads the low half of PTE `idx` of the node at `paddr`. */
  readLo(paddr: number, idx: number): number {
    return this.memory.readU32(paddr + idx * 8);
  }

  /** Reads the high half of PTE `idx`. */
  readHi(paddr: number, idx: number): number {
    return this.memory.readU32(paddr + idx * 8 + 4);
  }

  /** Writes PTE `idx` from its halves. */
  writePte(paddr: number, idx: number, lo: number, hi: number): void {
    this.memory.writeU32(paddr + idx * 8, lo >>> 0);
    this.memory.writeU32(paddr + idx * 8 + 4, hi >>> 0);
    this.stats.pteWrites++;
  }

  /** True when the leaf at `pa` is a tracked frame (a Frame page with a forgotten handle). */
  isTrackedFrame(pa: number): boolean {
    const frame = pa / PAGE_SIZE;
    const meta = this.pages.meta;
    return Number.isInteger(frame) && meta.hasSlot(frame) && meta.usage(frame) === PAGE_USAGE.Frame && this.pages.ledger.raw(frame) > 0;
  }

  /**
   * The PTE bits of `prop` for a leaf at `level` into {@link bitsLo} / {@link bitsHi}, cached for
   * the last property seen (a mapping loop uses one property for many pages).
   * @throws as `propLo`.
   */
  encodeProp(prop: PageProperty, level: number): void {
    const c = this.propCache;
    if (c.flags === prop.flags && c.cache === prop.cache && c.privFlags === prop.privFlags && c.level === level) return;
    this.bitsLo = propLo(prop, level, this.enc);
    this.bitsHi = propHi(prop, this.enc);
    c.flags = prop.flags;
    c.cache = prop.cache;
    c.privFlags = prop.privFlags;
    c.level = level;
  }

  // PageTablePageMeta::on_drop: drop the children, then free the frame. The children are
  // read (and checked) in one pass before any is dropped.
  private onDrop(sys: PageSystem, paddr: number): void {
    const level = sys.meta.innerU8(paddr / PAGE_SIZE, PT_META_OFFSETS.level);
    const tables: number[] = [];
    const frames: number[] = [];
    forEachPresent(this, paddr, level, 0, (e) => {
      if (e.last) {
        if (!this.isTrackedFrame(e.paddr)) this.untrackedPanic(paddr, level, e.paddr, e.index);
        frames.push(e.paddr);
      } else {
        if (sys.meta.refCount(e.paddr / PAGE_SIZE) === 1) this.refuseUntracked(e.paddr, level - 1);
        tables.push(e.paddr);
      }
    });
    for (let i = 0; i < tables.length; i++) Page.fromRaw(sys, tables[i]!, this.ptMeta).drop();
    for (let i = 0; i < frames.length; i++) Page.fromRaw(sys, frames[i]!, FrameMeta).drop();
    sys.frames.dealloc(paddr / PAGE_SIZE, 1);
    this.locks.delete(paddr);
    this.stats.nodesFreed++;
  }

  private untrackedPanic(paddr: number, level: number, child: number, i: number): never {
    throw new KernelPanic('PageTablePageMeta::on_drop', `node ${hex(paddr)} (level ${level}) maps untracked ${hex(child)} at index ${i}: "you cannot drop a page table node that maps to untracked frames"`);
  }

  /**
   * Refuses (KernelPanic, nothing changed) when the subtree at `paddr` that a drop would free
   * maps untracked pages: `PageTablePageMeta::on_drop` would `from_raw` them as frames.
   */
  refuseUntracked(paddr: number, level: number): void {
    walkTree(this, paddr, level, {
      entry: (node, lvl, e) => {
        if (e.last) {
          if (!this.isTrackedFrame(e.paddr)) this.untrackedPanic(node, lvl, e.paddr, e.index);
          return false;
        }
        return this.pages.meta.refCount(e.paddr / PAGE_SIZE) === 1;
      },
    });
  }
}
