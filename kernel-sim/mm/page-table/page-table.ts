/**
 * `PageTable<M, E, C>` (FG4.12): a root node and a mode. `empty`, `cursor`, `cursorMut`, `map`
 * (untracked, via `map_pa`), `unmap`, `protect`, `query` (a software walk), `rootPaddr`;
 * for KernelMode `createUserPageTable` and `makeSharedTables`; for UserMode
 * `forkCopyOnWrite`; `shallowCopy`; `drop` (the root's reference); `activate` (the root's
 * `RawPageTableNode::activate`: the CPU holds a reference while its CR3 points at the root).
 *
 * `map`/`unmap`/`protect` drop their cursor also when they fail, so that a `KernelPanic`
 * leaves no node locked (232e62b would have stopped the kernel).
 * @module
 */
import type { CpuState } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import type { PageTableContext } from './context.js';
import { Cursor } from './cursor.js';
import { CursorMut } from './cursor-mut.js';
import { FlatView } from './flat-view.js';
import { treeViolations } from './invariants.js';
import { refinementViolations, type RefinementReport } from './refinement.js';
import { KernelMode, UserMode, type PageTableMode } from './mode.js';
import { PageTableNode } from './node.js';
import { PageFlags, type PageProperty } from './page-prop.js';
import { NR_ENTRIES_PER_NODE } from './paging-consts.js';
import { pageWalk, type WalkResult } from './page-walk.js';
import type { RawPageTableNode } from './raw-node.js';
import { endVpnOf, vaOfVpn, vpnOf } from './vaddr.js';

/** `PageTable<M>`. */
export class PageTable {
  private live = true;

  /** @internal use {@link PageTable.empty} and the copy functions. */
  constructor(
    /** The page-table layer. */
    readonly ctx: PageTableContext,
    /** The mode (`UserMode`, `KernelMode`, `DeviceMode`). */
    readonly mode: PageTableMode,
    /** `root`. */
    readonly root: RawPageTableNode,
    /** The flat view kept by the cursors in checking mode (null otherwise); see `flat-view.ts`. */
    readonly flat: FlatView | null = ctx.check ? new FlatView() : null,
  ) {}

  /** `PageTable::empty()`: a new root node. */
  static empty(ctx: PageTableContext, mode: PageTableMode): PageTable {
    return new PageTable(ctx, mode, PageTableNode.alloc(ctx, ctx.consts.nrLevels).intoRaw());
  }

  /** `activate` (UserMode) / `activate_unchecked` (KernelMode): CR3 <- root; the CPU holds a reference. */
  activate(cpu: CpuState): void {
    this.root.activate(cpu);
  }

  /** `root_paddr`. */
  rootPaddr(): number {
    return this.root.paddr();
  }

  /** `cursor(va)`: a read cursor over `[start, end)`. */
  cursor(start: bigint, end: bigint): Cursor {
    return Cursor.new(this, start, end);
  }

  /** `cursor_mut(va)`: a mutable cursor over `[start, end)`. */
  cursorMut(start: bigint, end: bigint): CursorMut {
    return CursorMut.new(this, start, end);
  }

  /** `map(vaddr, paddr, prop)`: untracked mappings through `map_pa`. */
  map(va: { readonly start: bigint; readonly end: bigint }, pa: { readonly start: number; readonly end: number }, prop: PageProperty): void {
    const c = this.cursorMut(va.start, va.end);
    try {
      c.mapPa(pa, prop);
    } finally {
      c.drop();
    }
  }

  /** `unmap(vaddr)`. */
  unmap(va: { readonly start: bigint; readonly end: bigint }): void {
    const c = this.cursorMut(va.start, va.end);
    try {
      c.unmap(va.end - va.start);
    } finally {
      c.drop();
    }
  }

  /** `protect(vaddr, op)` (absent pages allowed; 232e62b unwraps the result). */
  protect(va: { readonly start: bigint; readonly end: bigint }, op: (p: PageProperty) => void): void {
    const c = this.cursorMut(va.start, va.end);
    try {
      c.protect(va.end - va.start, op, true);
    } finally {
      c.drop();
    }
  }

  /** `query(vaddr)`: `page_walk` from the root. */
  query(va: bigint): WalkResult | null {
    return pageWalk(this.ctx, this.root.paddr(), va);
  }

  /** `create_user_page_table` (KernelMode): a user root sharing the kernel half (256..512). */
  createUserPageTable(): PageTable {
    this.requireMode(KernelMode, 'PageTable::create_user_page_table');
    const root = this.root.cloneShallow().lock();
    try {
      const half = NR_ENTRIES_PER_NODE / 2;
      return new PageTable(this.ctx, UserMode, root.makeCopy([0, 0], [half, NR_ENTRIES_PER_NODE]).intoRaw());
    } finally {
      root.drop();
    }
  }

  /**
   * `make_shared_tables(root_index)` (KernelMode): empty level-(N-1) nodes at the absent root
   * indices of `[from, to)` (debug_assert: within 256..512).
   */
  makeSharedTables(from: number, to: number): void {
    this.requireMode(KernelMode, 'PageTable::make_shared_tables');
    const half = NR_ENTRIES_PER_NODE / 2;
    if (from < half || from >= NR_ENTRIES_PER_NODE || to > NR_ENTRIES_PER_NODE) throw new KernelPanic('PageTable::make_shared_tables', `debug_assert on root_index ${from}..${to} failed (must lie in 256..512)`);
    const root = this.root.cloneShallow().lock();
    try {
      for (let i = from; i < to; i++) {
        if (this.ctx.readLo(root.pa, i) & 1) continue;
        const node = PageTableNode.alloc(this.ctx, this.ctx.consts.nrLevels - 1);
        root.setChildPt(i, node.intoRaw(), i < (NR_ENTRIES_PER_NODE * 3) / 4);
      }
    } finally {
      root.drop();
    }
  }

  /**
   * `fork_copy_on_write` (UserMode): removes W from every user mapping, then a new root deep
   * copying the user half and sharing the kernel half.
   */
  forkCopyOnWrite(): PageTable {
    this.requireMode(UserMode, 'PageTable::fork_copy_on_write');
    const c = this.cursorMut(UserMode.start, UserMode.end);
    let root: PageTableNode | null = null;
    try {
      c.protect(UserMode.end - UserMode.start, (p) => { p.flags &= ~PageFlags.W; }, true);
      root = c.leakRootGuard();
    } finally {
      if (c.isLive) c.drop();
    }
    if (root === null) throw new KernelPanic('PageTable::fork_copy_on_write', 'leak_root_guard().unwrap() on None');
    try {
      const half = NR_ENTRIES_PER_NODE / 2;
      const c = this.ctx.consts;
      const flat = this.flat === null ? null : this.flat.slice(vpnOf(c, UserMode.start), endVpnOf(c, UserMode.end));
      return new PageTable(this.ctx, UserMode, root.makeCopy([0, half], [half, NR_ENTRIES_PER_NODE]).intoRaw(), flat);
    } finally {
      root.drop();
    }
  }

  /** `shallow_copy`: another handle to the same root (IOMMU use). */
  shallowCopy(): PageTable {
    return new PageTable(this.ctx, this.mode, this.root.cloneShallow(), this.flat);
  }

  /** Drops the page table's root reference (the last one frees the whole tree). */
  drop(): void {
    if (!this.live) throw new KernelPanic('PageTable::drop', 'page table dropped twice');
    this.live = false;
    this.root.drop();
  }

  /** The whole-tree consistency check (Targets 8/9 at a checkpoint): empty when consistent. */
  treeViolations(): string[] {
    const c = this.ctx.consts;
    const vm = this.ctx.vmallocRange;
    const m = this.mode.name;
    // A user root made by create_user_page_table shares the kernel half: judge it by KernelMode.
    const userEnd = endVpnOf(c, UserMode.end);
    return treeViolations(this.ctx, this.root.paddr(), c.nrLevels, (vpn) => {
      if (m === 'UserMode' && vpn < userEnd) return true;
      if (m === 'DeviceMode') return false;
      const va = vaOfVpn(c, vpn);
      return va >= vm.start && va < vm.end;
    });
  }

  /**
   * The three-view refinement (tree, path, flat) over the table's own half; the flat
   * comparisons need the flat view of checking mode (or one passed in).
   */
  refinement(flat: FlatView | null = this.flat): RefinementReport {
    return refinementViolations(this, flat);
  }

  private requireMode(m: PageTableMode, fn: string): void {
    if (this.mode.name !== m.name) throw new KernelPanic(fn, `only for ${m.name} page tables, not ${this.mode.name}`);
  }
}
