/**
 * `PageTableNode` (FG4.10.6-4.10.15): the locked handle to a page-table node whose 512 PTEs are
 * bytes in machine memory and whose `lock`, `level` and `nr_children` live in its
 * `PageTablePageMeta` slot. Children are owned through the PTEs: a present non-leaf PTE holds
 * one reference of the child node, a leaf PTE in a tracked range one reference of the `Frame`.
 *
 * `overwrite_pte` keeps `nr_children` by FG4.10.10's table (None→Some +1, Some→None -1, and
 * drops the previous child). The flag deciding whether a previous leaf is dropped as a `Frame`:
 * - NOE-03 audited (232e62b): `set_child_frame` passes `false` and `set_child_untracked` `true`
 *   — the kind of the *new* entry — whatever the slot held; so `set_child_untracked` over a
 *   tracked frame leaks its reference, and `set_child_frame` over an untracked page would
 *   `from_raw` an address no handle was forgotten for (the model panics before writing).
 * - NOE-03 fixed (5bdf85b): the caller says whether the *slot* is in an untracked range (the
 *   cursor passes `in_untracked_range()`), and that decides.
 * NOE-04 (`set_child_pt`'s flag) is not a switch: the flag matters only when the slot is already
 *   present, which among its callers happens only in `split_untracked_huge` (always `true`);
 *   `make_copy` and `level_down_create` set absent slots. The model keeps the parameter.
 *
 * Where 232e62b has `debug_assert!`s the model panics (`KernelPanic`) before changing anything.
 * @module
 */
import { hex, PAGE_SIZE } from '../../machine/index.js';
import { currentThread, type SpinLock } from '../../sync/index.js';
import { KernelPanic } from '../../util/errors.js';
import { Frame } from '../handles/index.js';
import { FrameMeta, incRefCount, Page, PT_META_OFFSETS, type FrameMetaFields, type PageTablePageMetaFields } from '../page/index.js';
import { CHILD_NONE, type Child } from './child.js';
import type { PageTableContext } from './context.js';
import { overwriteAfter, overwriteBefore } from './invariants.js';
import { setLockByte, unlockNode } from './node-lock.js';
import type { PageProperty } from './page-prop.js';
import { NR_ENTRIES_PER_NODE, pageSize } from './paging-consts.js';
import { isLastLo, isPresentLo, newFrameHi, newFrameLo, newPtHi, newPtLo, paddrOf, propHi, propLo, propOf, pteFromHalves, setPropHi, setPropLo } from './pte.js';
import { RawPageTableNode, registerLockedNodeFactory } from './raw-node.js';

/** A frame to map: a `Frame` handle or its page handle. Its ownership passes to the PTE. */
export type MappableFrame = Frame | Page<FrameMetaFields>;

/** An index range `[start, end)` of PTEs. */
export type IndexRange = readonly [number, number];

/** `PageTableNode<E, C>`: a locked node. */
export class PageTableNode {
  private state: 'live' | 'consumed' = 'live';
  /** The node's physical address. */
  readonly pa: number;
  /** Its level (fixed for the node's life). */
  readonly lvl: number;
  private readonly frameNo: number;
  private readonly noe03: boolean;

  /** @internal made by `alloc` and `RawPageTableNode.lock`. */
  constructor(
    /** The page-table layer. */
    readonly ctx: PageTableContext,
    /** `page`: the node's page handle. */
    readonly page: Page<PageTablePageMetaFields>,
    /** The lock object when taken by a compare-exchange; null for a node from `alloc`. */
    readonly lockObject: SpinLock | null,
  ) {
    this.pa = page.paddr();
    this.frameNo = this.pa / PAGE_SIZE;
    this.lvl = ctx.pages.meta.innerU8(this.frameNo, PT_META_OFFSETS.level);
    this.noe03 = ctx.bugs.has('NOE-03');
  }

  /**
   * `PageTableNode::alloc(level)`: a zeroed node, its lock byte initialised as held.
   * @throws KernelPanic when no frame is left (232e62b unwraps the allocation).
   */
  static alloc(ctx: PageTableContext, level: number): PageTableNode {
    const sys = ctx.pages;
    const frame = sys.frames.allocSingle({ zeroed: false });
    if (frame === null) throw new KernelPanic('PageTableNode::alloc', 'FRAME_ALLOCATOR.alloc(1).unwrap() on None: out of physical memory');
    const pa = frame * PAGE_SIZE;
    const page = Page.fromUnused(sys, pa, ctx.ptMeta);
    sys.meta.setInnerU8(frame, PT_META_OFFSETS.lock, 1);
    sys.meta.setInnerU8(frame, PT_META_OFFSETS.level, level);
    ctx.memory.zero(pa, PAGE_SIZE); // 0 is an absent PTE
    ctx.stats.nodesAllocated++;
    return new PageTableNode(ctx, page, null);
  }

  /** `level()`. */
  level(): number {
    return this.lvl;
  }

  /** The node's physical address. */
  paddr(): number {
    return this.pa;
  }

  /** True until dropped or turned into a raw handle. */
  get isLive(): boolean {
    return this.state === 'live';
  }

  /** `into_raw`: unlocks (store 0) and keeps the reference as a {@link RawPageTableNode}. */
  intoRaw(): RawPageTableNode {
    this.use('PageTableNode::into_raw');
    this.state = 'consumed';
    unlockNode(this.ctx, this.pa, this.lockObject);
    this.page.intoRaw();
    return new RawPageTableNode(this.ctx, this.pa, this.lvl);
  }

  /** `clone_raw`: a raw handle while keeping this one (ref_count + 1). */
  cloneRaw(): RawPageTableNode {
    this.use('PageTableNode::clone_raw');
    this.page.clone().intoRaw();
    return new RawPageTableNode(this.ctx, this.pa, this.lvl);
  }

  /** `nr_valid_children`. */
  nrValidChildren(): number {
    return this.ctx.pages.meta.innerU16(this.frameNo, PT_META_OFFSETS.nrChildren);
  }

  /** `read_pte(idx)` as the 64-bit value. */
  readPte(idx: number): bigint {
    this.checkIdx('PageTableNode::read_pte', idx);
    return pteFromHalves(this.ctx.readLo(this.pa, idx), this.ctx.readHi(this.pa, idx));
  }

  /** `read_pte_prop(idx)`. */
  readPteProp(idx: number): PageProperty {
    this.checkIdx('PageTableNode::read_pte_prop', idx);
    return propOf(this.ctx.readLo(this.pa, idx), this.ctx.readHi(this.pa, idx), this.lvl, this.ctx.enc);
  }

  /**
   * `child(idx, tracked)`: the child with an extra reference — a page table (`inc_ref`), a tracked
   * frame (`from_raw` + a forgotten clone), an untracked address, or None.
   */
  child(idx: number, tracked: boolean): Child {
    this.use('PageTableNode::child');
    this.checkIdx('PageTableNode::child', idx);
    const ctx = this.ctx;
    const lo = ctx.readLo(this.pa, idx);
    if (!isPresentLo(lo)) return CHILD_NONE;
    const last = isLastLo(lo, this.lvl);
    const pa = paddrOf(lo, ctx.readHi(this.pa, idx), ctx.enc, last && this.lvl > 1);
    if (!last) {
      incRefCount(ctx.pages, pa, ctx.ptMeta);
      return { kind: 'PageTable', node: new RawPageTableNode(ctx, pa, this.lvl - 1) };
    }
    if (tracked) {
      const page = Page.fromRaw(ctx.pages, pa, FrameMeta);
      page.clone().intoRaw();
      return { kind: 'Frame', frame: new Frame(page, ctx.memory) };
    }
    return { kind: 'Untracked', paddr: pa };
  }

  /** `unset_child(idx, in_untracked_range)`: clears the PTE, dropping the child. */
  unsetChild(idx: number, inUntrackedRange: boolean): void {
    this.use('PageTableNode::unset_child');
    this.checkIdx('PageTableNode::unset_child', idx);
    this.overwritePte(idx, false, 0, 0, inUntrackedRange);
  }

  /** `set_child_pt(idx, pt, in_untracked_range)`: the PTE takes over `pt`'s reference. */
  setChildPt(idx: number, pt: RawPageTableNode, inUntrackedRange: boolean): void {
    this.use('PageTableNode::set_child_pt');
    this.checkIdx('PageTableNode::set_child_pt', idx);
    if (pt.level !== this.lvl - 1) throw new KernelPanic('PageTableNode::set_child_pt', `debug_assert_eq!(pt.level, self.level() - 1) failed: ${pt.level} vs ${this.lvl - 1}`);
    const pa = pt.paddr();
    this.overwritePte(idx, true, newPtLo(pa, this.ctx.enc), newPtHi(pa, this.ctx.enc), inUntrackedRange);
    pt.forget();
  }

  /**
   * `set_child_frame(idx, frame, prop)`: maps a 4 KiB frame; the PTE takes over its handle.
   * @param inUntrackedRange whether the slot is in an untracked range (used when NOE-03 is fixed).
   */
  setChildFrame(idx: number, frame: MappableFrame, prop: PageProperty, inUntrackedRange = false): void {
    this.use('PageTableNode::set_child_frame');
    this.checkIdx('PageTableNode::set_child_frame', idx);
    if (this.lvl !== 1) throw new KernelPanic('PageTableNode::set_child_frame', `debug_assert_eq!(frame.level(), self.level()) failed: a Frame is level 1, the node level ${this.lvl}`);
    const page = 'page' in frame ? frame.page : frame;
    const pa = page.paddr();
    const ctx = this.ctx;
    ctx.encodeProp(prop, 1);
    const lo = newFrameLo(pa, 1, ctx.bitsLo);
    const hi = newFrameHi(pa, ctx.bitsHi, ctx.enc);
    this.overwritePte(idx, true, lo, hi, this.noe03 ? false : inUntrackedRange);
    page.intoRaw();
  }

  /**
   * `set_child_untracked(idx, pa, prop)`: maps `pa` without a handle.
   * @param inUntrackedRange whether the slot is in an untracked range (used when NOE-03 is fixed).
   */
  setChildUntracked(idx: number, pa: number, prop: PageProperty, inUntrackedRange = true): void {
    this.use('PageTableNode::set_child_untracked');
    this.checkIdx('PageTableNode::set_child_untracked', idx);
    const ctx = this.ctx;
    ctx.encodeProp(prop, this.lvl);
    const lo = newFrameLo(pa, this.lvl, ctx.bitsLo);
    const hi = newFrameHi(pa, ctx.bitsHi, ctx.enc);
    this.overwritePte(idx, true, lo, hi, this.noe03 ? true : inUntrackedRange);
  }

  /** `protect(idx, prop)`: rewrites the property of a present PTE. */
  protect(idx: number, prop: PageProperty): void {
    this.use('PageTableNode::protect');
    this.checkIdx('PageTableNode::protect', idx);
    const ctx = this.ctx;
    const lo = ctx.readLo(this.pa, idx);
    if (!isPresentLo(lo)) throw new KernelPanic('PageTableNode::protect', `debug_assert!(pte.is_present()) failed at index ${idx} of node ${hex(this.pa)}`);
    const pl = propLo(prop, this.lvl, ctx.enc);
    const ph = propHi(prop, ctx.enc);
    ctx.writePte(this.pa, idx, setPropLo(lo, pl, this.lvl, ctx.enc), setPropHi(ctx.readHi(this.pa, idx), ph, ctx.enc));
  }

  /**
   * `split_untracked_huge(idx)`: replaces the untracked huge page at `idx` by a node of 512
   * pages one level down covering the same physical range with the same property.
   */
  splitUntrackedHuge(idx: number): void {
    this.use('PageTableNode::split_untracked_huge');
    this.checkIdx('PageTableNode::split_untracked_huge', idx);
    if (this.lvl <= 1) throw new KernelPanic('PageTableNode::split_untracked_huge', 'debug_assert!(self.level() > 1) failed');
    const c = this.child(idx, false);
    if (c.kind !== 'Untracked') {
      if (c.kind === 'PageTable') c.node.drop();
      throw new KernelPanic('PageTableNode::split_untracked_huge', `not called on an untracked huge page (index ${idx} holds ${c.kind})`);
    }
    const prop = this.readPteProp(idx);
    const small = pageSize(this.ctx.consts, this.lvl - 1);
    const node = PageTableNode.alloc(this.ctx, this.lvl - 1);
    for (let i = 0; i < NR_ENTRIES_PER_NODE; i++) node.setChildUntracked(i, c.paddr + i * small, prop, true);
    this.setChildPt(idx, node.intoRaw(), true);
  }

  /**
   * `make_copy(deep, shallow)`: a new node; children in `deep` copied (page tables recursively,
   * frames as new handles), page tables in `shallow` shared (root level only).
   */
  makeCopy(deep: IndexRange, shallow: IndexRange): PageTableNode {
    this.use('PageTableNode::make_copy');
    if (deep[1] > NR_ENTRIES_PER_NODE || shallow[1] > NR_ENTRIES_PER_NODE || !(deep[1] <= shallow[0] || deep[0] >= shallow[1])) {
      throw new KernelPanic('PageTableNode::make_copy', `debug_assert on the ranges failed: deep ${deep[0]}..${deep[1]}, shallow ${shallow[0]}..${shallow[1]}`);
    }
    if (shallow[1] > shallow[0] && this.lvl !== this.ctx.consts.nrLevels) {
      throw new KernelPanic('PageTableNode::make_copy', `debug_assert_eq!(self.level(), C::NR_LEVELS) failed: shallow copy at level ${this.lvl}`);
    }
    const copy = PageTableNode.alloc(this.ctx, this.lvl);
    try {
      for (let i = deep[0]; i < deep[1]; i++) {
        const c = this.child(i, true);
        if (c.kind === 'PageTable') {
          const guard = c.node.cloneShallow().lock();
          try {
            copy.setChildPt(i, guard.makeCopy([0, NR_ENTRIES_PER_NODE], [0, 0]).intoRaw(), true);
          } finally {
            guard.drop();
            c.node.drop();
          }
        } else if (c.kind === 'Frame') {
          copy.setChildFrame(i, c.frame.page.clone(), this.readPteProp(i));
          c.frame.drop();
        }
      }
      for (let i = shallow[0]; i < shallow[1]; i++) {
        const c = this.child(i, true);
        if (c.kind === 'PageTable') {
          copy.setChildPt(i, c.node.cloneShallow(), true);
          c.node.drop();
        } else if (c.kind === 'Frame') {
          c.frame.drop();
          throw new KernelPanic('PageTableNode::make_copy', `unreachable: shallow copy of a frame at index ${i}`);
        }
      }
    } catch (e) {
      copy.drop();
      throw e;
    }
    return copy;
  }

  /** `drop`: releases the lock and the handle's reference. */
  drop(): void {
    this.use('PageTableNode::drop');
    this.state = 'consumed';
    try {
      unlockNode(this.ctx, this.pa, this.lockObject);
    } finally {
      this.page.drop();
    }
  }

  /**
   * `Cursor::new`'s hand-over-hand release of a parent: unlocks without reporting the release to
   * the lock-order checker, then drops the reference. @internal
   */
  dropHandOver(): void {
    this.use('PageTableNode::drop');
    this.state = 'consumed';
    setLockByte(this.ctx, this.pa, 0);
    const l = this.lockObject;
    if (l !== null) l.give(l.holder !== null ? l.holder : currentThread());
    this.page.drop();
  }

  /**
   * `overwrite_pte(idx, pte, in_untracked_range)` on the PTE's halves (`present` false = None).
   * @internal exported for the Target 9 checks; use the `set*` / `unset*` methods.
   */
  overwritePte(idx: number, present: boolean, lo: number, hi: number, inUntrackedRange: boolean): void {
    const ctx = this.ctx;
    const sys = ctx.pages;
    const oldLo = ctx.readLo(this.pa, idx);
    const before = ctx.check ? overwriteBefore(this, idx, inUntrackedRange) : null;
    if (isPresentLo(oldLo)) {
      const last = isLastLo(oldLo, this.lvl);
      const child = paddrOf(oldLo, ctx.readHi(this.pa, idx), ctx.enc, last && this.lvl > 1);
      // Freeing a child node whose subtree maps untracked pages: on_drop would panic (checked
      // here, before the PTE changes, so that the table stays consistent).
      if (!last && sys.meta.refCount(child / PAGE_SIZE) === 1) ctx.refuseUntracked(child, this.lvl - 1);
      if (last && !inUntrackedRange && !ctx.isTrackedFrame(child)) {
        throw new KernelPanic('PageTableNode::overwrite_pte', `Page::<FrameMeta>::from_raw(${hex(child)}) of an untracked mapping at index ${idx} of node ${hex(this.pa)}: no handle was forgotten for it (NOE-03)`);
      }
      ctx.writePte(this.pa, idx, present ? lo : 0, present ? hi : 0);
      // Drop the child only after the PTE no longer points to it.
      if (!last) Page.fromRaw(sys, child, ctx.ptMeta).drop();
      else if (!inUntrackedRange) Page.fromRaw(sys, child, FrameMeta).drop();
      if (!present) sys.meta.setInnerU16(this.frameNo, PT_META_OFFSETS.nrChildren, this.nrValidChildren() - 1);
    } else if (present) {
      ctx.writePte(this.pa, idx, lo, hi);
      sys.meta.setInnerU16(this.frameNo, PT_META_OFFSETS.nrChildren, this.nrValidChildren() + 1);
    }
    if (before !== null) overwriteAfter(this, idx, present, lo, hi, before);
  }

  private checkIdx(fn: string, idx: number): void {
    if (!(idx >= 0 && idx < NR_ENTRIES_PER_NODE && Number.isInteger(idx))) throw new KernelPanic(fn, `debug_assert!(idx < nr_subpage_per_huge) failed: index ${idx}`);
  }

  private use(fn: string): void {
    if (this.state !== 'live') throw new KernelPanic(fn, `handle of node ${hex(this.pa)} used after drop or into_raw`);
  }
}

registerLockedNodeFactory((ctx, page, lock) => new PageTableNode(ctx, page, lock));
