/**
 * `Page<M>` (FG4.4): a reference-counted handle to one physical page whose metadata type is
 * `M` (a {@link PageMeta} descriptor). Rust's ownership becomes explicit calls: `clone()`,
 * `drop()` (also `[Symbol.dispose]()`), `intoRaw()` (forget, keeping the count) and
 * `Page.fromRaw()` (restore). A dropped or forgotten handle refuses every use with
 * {@link UseAfterDropError}.
 *
 * Where the model is stricter than 232e62b (which trusts its callers, `from_raw` being unsafe):
 * `fromRaw` needs a forgotten handle of the page and the usage it was forgotten with; `drop`
 * of a dropped handle throws; a count would overflow u32 throws. `from_unused` on a page in use
 * throws {@link FromUnusedSpinError} instead of spinning forever. Every refusal happens before
 * any state changes, so allocator and metadata stay consistent.
 *
 * In checking mode (`PageSystem.check`) each operation is followed by the Target 2-5 checks of
 * `invariants.ts` on the touched frame.
 * @module
 */
import { hex, PAGE_SIZE } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import { DoubleDropError, FromRawError, FromUnusedFreeFrameError, FromUnusedSpinError, PageHandlePanic, UseAfterDropError } from './errors.js';
import { freedFrameViolations, fromUnusedPreViolations, fromUnusedViolations, isAllocatorUsage, rawHandleViolations, refCountViolations } from './invariants.js';
import { PAGE_USAGE, usageName } from './meta/page-usage.js';
import type { PageMeta } from './meta/usage-metas.js';
import type { PageSystem } from './page-system.js';

/** The life of a handle: live, dropped, or forgotten by `into_raw`. */
export type HandleState = 'live' | 'dropped' | 'forgotten';

const U32_MAX = 0xffff_ffff;

/** A handle to a page with metadata `M`. */
export class Page<M> {
  private state: HandleState = 'live';

  // Handles are made by fromUnused, fromRaw and clone only.
  private constructor(
    /** The kernel's page layer this handle belongs to. */
    readonly sys: PageSystem,
    /** The page's metadata type. */
    readonly kind: PageMeta<M>,
    private readonly addr: number,
  ) {}

  /**
   * `Page::from_unused` (FG4.4.1): types the Unused page at `paddr` as `kind`: usage set,
   * ref_count 1, metadata `M::default()`.
   * @throws PageHandlePanic for an unaligned paddr or one at or above MAX_PADDR.
   * @throws FromUnusedSpinError when the page is in use (232e62b would spin forever).
   * @throws FromUnusedFreeFrameError (Target 3's InvariantViolation in checking mode) for an
   *   allocator usage on a frame the frame allocator has not handed out.
   */
  static fromUnused<M>(sys: PageSystem, paddr: number, kind: PageMeta<M>): Page<M> {
    const frame = frameOf(sys, 'Page::from_unused', paddr);
    const store = sys.meta;
    if (sys.check) sys.report(3, 'Page::from_unused (precondition)', fromUnusedPreViolations(sys, frame, kind.code));
    // Outside checking mode too: a frame the allocator did not hand out would become free and owned.
    if (isAllocatorUsage(kind.code) && !sys.frames.buddy.isAllocated(frame)) throw new FromUnusedFreeFrameError(paddr, kind.name);
    const oldCount = store.refCount(frame);
    if (oldCount !== 0 && store.usage(frame) === PAGE_USAGE.Unused) {
      // 232e62b would set the usage and then fail debug_assert!(old == 0); refuse first instead.
      throw new KernelPanic('Page::from_unused', `page ${hex(paddr)} is Unused but its ref_count is ${oldCount} (debug_assert old_ref_count == 0)`);
    }
    if (!store.compareExchangeUsage(frame, PAGE_USAGE.Unused, kind.code)) {
      throw new FromUnusedSpinError(paddr, usageName(store.usage(frame)), oldCount);
    }
    store.fetchAddRefCount(frame, 1);
    kind.init(store, frame);
    sys.ledger.addLive(frame, 1);
    sys.ops++;
    if (sys.check) sys.report(3, 'Page::from_unused', fromUnusedViolations(sys, frame, kind.code));
    return new Page(sys, kind, paddr);
  }

  /**
   * `Page::from_raw` (FG4.4.3): restores a handle forgotten by {@link intoRaw}; the count is
   * unchanged.
   * @throws PageHandlePanic for a bad address; FromRawError when the page has no forgotten
   *   handle (never forgotten, or already restored: a double free in the kernel) or its usage
   *   is not `kind`'s.
   */
  static fromRaw<M>(sys: PageSystem, paddr: number, kind: PageMeta<M>): Page<M> {
    const frame = frameOf(sys, 'Page::from_raw', paddr);
    if (sys.ledger.raw(frame) === 0) {
      throw new FromRawError(paddr, `no forgotten handle of this page (never passed to into_raw, or already restored): restoring it would double free`);
    }
    const u = sys.meta.usage(frame);
    if (u !== kind.code) throw new FromRawError(paddr, `usage is ${usageName(u)}, not ${kind.usage} (${kind.name})`);
    sys.ledger.addRaw(frame, -1);
    sys.ledger.addLive(frame, 1);
    sys.ops++;
    if (sys.check) sys.report(5, 'Page::from_raw', refCountViolations(sys, frame));
    return new Page(sys, kind, paddr);
  }

  /**
   * A handle made from a forgotten one without consuming it: `ManuallyDrop::new(from_raw(paddr))`
   * while the caller keeps its raw handle. The owner count grows, the ref_count does not: the
   * first step of MOP-02's audited `inc_ref_count`. Release with {@link forgetBorrowed}.
   * @internal for `inc-ref-count.ts`.
   */
  static borrowRaw<M>(sys: PageSystem, paddr: number, kind: PageMeta<M>): Page<M> {
    const frame = frameOf(sys, 'Page::from_raw', paddr);
    sys.ledger.addLive(frame, 1);
    return new Page(sys, kind, paddr);
  }

  /** Ends a {@link borrowRaw} handle (the `ManuallyDrop` going out of scope). @internal */
  forgetBorrowed(): void {
    this.use('ManuallyDrop::drop');
    this.state = 'forgotten';
    this.sys.ledger.addLive(this.addr / PAGE_SIZE, -1);
  }

  /** True while the handle may be used. */
  get isLive(): boolean {
    return this.state === 'live';
  }

  /** What became of the handle. */
  get handleState(): HandleState {
    return this.state;
  }

  /** `Page::paddr`. */
  paddr(): number {
    this.use('Page::paddr');
    return this.addr;
  }

  /** `Page::count`: the page's ref_count. */
  count(): number {
    this.use('Page::count');
    return this.sys.meta.refCount(this.addr / PAGE_SIZE);
  }

  /** `Page::meta` (FG4.4.4): the page's metadata. */
  meta(): M {
    this.use('Page::meta');
    return this.kind.view(this.sys.meta, this.addr / PAGE_SIZE);
  }

  /**
   * `Page::clone` (FG4.4.5): another handle to the page; ref_count + 1. As in 232e62b the count
   * is raised before the new handle exists, so ref_count >= owners holds throughout.
   * @throws KernelPanic when the count would overflow u32 (Target 5, no overflow).
   */
  clone(): Page<M> {
    this.use('Page::clone');
    const frame = this.addr / PAGE_SIZE;
    const sys = this.sys;
    if (sys.meta.refCount(frame) === U32_MAX) throw new KernelPanic('Page::clone', `ref_count of page ${hex(this.addr)} would overflow u32`);
    sys.meta.fetchAddRefCount(frame, 1); // step 1: raise the count
    sys.ledger.addLive(frame, 1); // step 2: the new handle exists
    sys.ops++;
    if (sys.check) sys.report(5, 'Page::clone', refCountViolations(sys, frame));
    return new Page(sys, this.kind, this.addr);
  }

  /**
   * `Page::into_raw` (FG4.4.2): forgets the handle (no drop, count kept) and returns the
   * physical address for a later {@link Page.fromRaw}.
   */
  intoRaw(): number {
    this.use('Page::into_raw');
    const frame = this.addr / PAGE_SIZE;
    this.state = 'forgotten';
    this.sys.ledger.addLive(frame, -1);
    this.sys.ledger.addRaw(frame, 1);
    this.sys.ops++;
    if (this.sys.check) {
      this.sys.report(4, 'Page::into_raw', rawHandleViolations(this.sys, frame, this.kind.code));
      this.sys.report(5, 'Page::into_raw', refCountViolations(this.sys, frame));
    }
    return this.addr;
  }

  /**
   * `Page::drop` (FG4.4.6): ref_count - 1; the last handle runs `M::on_drop` (Frame: back to the
   * allocator), clears the metadata and sets the usage to Unused.
   * @throws DoubleDropError for a handle already dropped or forgotten.
   * @throws KernelPanic from `MetaPageMeta::on_drop` / `KernelMeta::on_drop` (nothing changed).
   */
  drop(): void {
    const steps = this.dropSteps();
    for (let r = steps.next(); !r.done; r = steps.next()) {
      // run to completion
    }
  }

  /**
   * The steps of {@link drop}, for the concurrency scenarios: yields `'on_drop'` after the last
   * handle's `on_drop` returned the frame to the allocator and before the usage is reset to
   * Unused — the window in which `from_unused` of the re-allocated frame must wait (FG4.4.1).
   * Errors are thrown before the first yield, as {@link drop} throws them.
   */
  *dropSteps(): Generator<'on_drop', void, void> {
    if (this.state !== 'live') throw new DoubleDropError('Page::drop', this.addr, this.state);
    const sys = this.sys;
    const frame = this.addr / PAGE_SIZE;
    const old = sys.meta.refCount(frame);
    if (old === 0) throw new KernelPanic('Page::drop', `ref_count of page ${hex(this.addr)} is already 0 (it would wrap to u32::MAX)`);
    const last = old === 1;
    if (last && this.kind.dropPanic !== null) {
      throw new KernelPanic(`${this.kind.name}::on_drop`, `${this.kind.dropPanic} (page ${hex(this.addr)})`);
    }
    this.state = 'dropped';
    sys.ledger.addLive(frame, -1);
    sys.meta.fetchAddRefCount(frame, -1);
    sys.ops++;
    if (last) {
      try {
        this.kind.onDrop(sys, this.addr);
      } catch (e) {
        // The allocator refused the frame: undo so that handle, count and ledger agree again.
        sys.meta.fetchAddRefCount(frame, 1);
        sys.ledger.addLive(frame, 1);
        this.state = 'live';
        throw e;
      }
      yield 'on_drop'; // freed in the allocator, still typed in its metadata
      sys.meta.clearInner(frame); // drop_in_place(M)
      sys.meta.setUsage(frame, PAGE_USAGE.Unused); // releases the page for from_unused
      if (sys.check && isAllocatorUsage(this.kind.code)) sys.report(2, `Page::drop (${this.kind.name}::on_drop)`, freedFrameViolations(sys, frame));
    }
    if (sys.check) sys.report(5, 'Page::drop', refCountViolations(sys, frame));
  }

  /** Drops the handle if it is still live (a `using` scope's end); no-op after drop or into_raw. */
  [Symbol.dispose](): void {
    if (this.state === 'live') this.drop();
  }

  // Refuses use of a dropped or forgotten handle.
  private use(method: string): void {
    if (this.state !== 'live') throw new UseAfterDropError(method, this.addr, this.state);
  }
}

/**
 * The frame number of `paddr`, as `try_from_unused` validates it: page-aligned and below
 * MAX_PADDR. (232e62b tests `paddr > MAX_PADDR`, admitting paddr == MAX_PADDR, whose slot is
 * past the array; the model refuses it too.)
 */
export function frameOf(sys: PageSystem, fn: string, paddr: number): number {
  if (typeof paddr !== 'number' || !Number.isInteger(paddr) || paddr < 0) {
    throw new PageHandlePanic(fn, Number(paddr), 'OutOfRange', 'is not a physical address');
  }
  if (paddr % PAGE_SIZE !== 0) throw new PageHandlePanic(fn, paddr, 'NotAligned', `is not aligned to ${PAGE_SIZE}`);
  if (paddr >= sys.meta.slotCount * PAGE_SIZE) throw new PageHandlePanic(fn, paddr, 'OutOfRange', `is at or above MAX_PADDR ${hex(sys.maxPaddr)}`);
  return paddr / PAGE_SIZE;
}
