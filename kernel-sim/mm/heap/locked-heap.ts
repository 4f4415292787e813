/**
 * FG3.1 `LockedHeapWithRescue<32>`: the buddy heap behind a spin lock, refilled from the frame
 * allocator by `rescue` when it runs dry. Every operation is a coroutine (`allocCo`, ...) that
 * yields at lock acquire/release and around rescue, and a plain method running it to completion.
 *
 * Switches (a BugSet):
 * - HEP-01 audited: `alloc` takes the heap lock, fails, drops the lock, rescues (frame lock, then
 *   the heap lock again for `add_to_heap`), then locks and allocates again; between those steps
 *   another CPU can take the refill. Fixed: the heap lock is held across rescue, which adds the
 *   frames through the held guard.
 * - HEP-02 audited: the heap never shrinks. Fixed: `dealloc` returns wholly free rescued chunks
 *   to the frame allocator by {@link ReleasePolicy} (default: above 128 MiB free, keep 64 MiB).
 * - HEP-03 audited: the frame allocator's free lists are heap-allocated `BTreeSet`s, so a rescue
 *   whose frame request splits a block allocates a B-tree node from this heap while holding the
 *   frame allocator's lock; when the heap is dry that nested alloc rescues again and spins on the
 *   frame lock it holds (a self-deadlock; with HEP-01 fixed the nested alloc already spins on the
 *   held heap lock). Fixed: the nodes come from a dedicated pool (only counted here).
 * - BSA-01: crate 0.9.0's merge past the top order panics (see `buddy-heap.ts`).
 *
 * Simplifications: one B-tree node per splitting frame request (the real count depends on the
 * sets' shapes); heap memory is addresses only (no bytes are written to machine memory); the
 * frame allocator's lock is a SpinLock passed in (default: one made here).
 * @module
 */
import { type BugSet, NO_BUGS } from '../../bugs/index.js';
import { PAGE_SIZE } from '../../machine/index.js';
import { irqWindow, runToCompletion, SpinLock, type Co } from '../../sync/index.js';
import { KernelPanic } from '../../util/errors.js';
import type { FrameAllocator } from '../frame/index.js';
import { BuddyHeap } from './buddy-heap.js';
import { checkHeap, type HeapRegion, type HeapViolation } from './check-heap.js';
import { BTREE_NODE_LAYOUT, HEAP_ORDER, linearHeapAddr } from './constants.js';
import { HeapRegionError } from './errors.js';
import { holding, holdingSync, irqsDisabled } from './holding.js';
import { blockOrderOf, checkLayout, showLayout, type Layout } from './layout.js';
import { LiveAllocations, type HeapOwner, type LiveBlock } from './live-allocations.js';
import { chooseReleases, DEFAULT_RELEASE_POLICY, type ReleasePolicy } from './release-policy.js';
import { rescueSplitsBlock, takeRescueFrames, type RescuedFrames } from './rescue.js';

/** Options of a {@link LockedHeapWithRescue}. */
export interface HeapOptions {
  /** Where rescue takes frames (`FRAME_ALLOCATOR`); without one every rescue fails. */
  readonly frameAllocator?: FrameAllocator;
  /** Audited behaviours (HEP-01, HEP-02, HEP-03, BSA-01); default none. */
  readonly bugs?: BugSet;
  /** The frame allocator's lock, to share with other users of it (default: a new one). */
  readonly frameLock?: SpinLock;
  /** The HEP-02 fix's thresholds. */
  readonly releasePolicy?: ReleasePolicy;
  /** Name of the heap lock in traces (default 'HEAP_ALLOCATOR'). */
  readonly name?: string;
}

/** Heap figures. */
export interface HeapStats {
  readonly totalBytes: number;
  /** Bytes in allocated blocks (rounded to powers of two). */
  readonly allocatedBytes: number;
  /** Bytes callers asked for. */
  readonly userBytes: number;
  readonly freeBytes: number;
  /** Free block counts by order 0..31. */
  readonly freeBlocksPerOrder: readonly number[];
  /** Free bytes by order 0..31. */
  readonly freeBytesPerOrder: readonly number[];
  readonly liveAllocations: number;
  readonly rescues: number;
  readonly failedRescues: number;
  readonly rescuedBytes: number;
  /** Rescued chunks returned to the frame allocator (HEP-02 fix) and their bytes. */
  readonly releases: number;
  readonly releasedBytes: number;
  /** HEP-03: B-tree nodes the frame allocator took from this heap, and from its dedicated pool. */
  readonly btreeNodesFromHeap: number;
  readonly btreeNodesFromPool: number;
}

/** `LockedHeapWithRescue<32>` (FG3.1). */
export class LockedHeapWithRescue {
  /** The heap lock (`heap: SpinLock<Heap<ORDER>>`). */
  readonly lock: SpinLock;
  /** The frame allocator's lock, taken by rescue and by the HEP-02 release. */
  readonly frameLock: SpinLock;
  readonly bugs: BugSet;
  readonly releasePolicy: ReleasePolicy;
  private readonly frameAllocator: FrameAllocator | undefined;
  private readonly heap: BuddyHeap;
  private readonly live = new LiveAllocations();
  private readonly regionList: HeapRegion[] = [];
  private counts = { rescues: 0, failedRescues: 0, rescuedBytes: 0, releases: 0, releasedBytes: 0, nodesHeap: 0, nodesPool: 0 };

  constructor(opts: HeapOptions = {}) {
    this.bugs = opts.bugs ?? NO_BUGS;
    this.lock = new SpinLock(opts.name ?? 'HEAP_ALLOCATOR');
    this.frameLock = opts.frameLock ?? new SpinLock('FRAME_ALLOCATOR');
    this.releasePolicy = opts.releasePolicy ?? DEFAULT_RELEASE_POLICY;
    this.frameAllocator = opts.frameAllocator;
    this.heap = new BuddyHeap(HEAP_ORDER, this.bugs.has('BSA-01'));
  }

  /** FG3.1.1 `init(start, size)`: adds [start, start+size) under `lock_irq_disabled`. */
  *initCo(start: number, size: number): Co<void> {
    checkRange(start, size);
    yield* holdingSync(this.lock, true, () => this.addRegion({ start, bytes: size, kind: 'static' }));
  }

  /** Synchronous {@link initCo}. @throws HeapRegionError for a bad range. */
  init(start: number, size: number): void {
    runToCompletion(this.initCo(start, size));
  }

  /** FG3.1.2 `add_to_heap(start, size)`: adds a range under `lock_irq_disabled`. */
  *addToHeapCo(start: number, size: number): Co<void> {
    yield* this.initCo(start, size);
  }

  /** Synchronous {@link addToHeapCo}. */
  addToHeap(start: number, size: number): void {
    this.init(start, size);
  }

  /**
   * FG3.1.3 `alloc(layout)`: a free block, else rescue and try once more.
   * @returns the block's heap address, or null when rescue fails or the refill does not fit.
   * @throws HeapLayoutError for a bad layout (nothing changed).
   */
  *allocCo(layout: Layout): Co<number | null> {
    checkLayout(layout, 'alloc');
    return yield* this.allocAs(layout, 'caller');
  }

  /** Synchronous {@link allocCo}. */
  alloc(layout: Layout): number | null {
    return runToCompletion(this.allocCo(layout));
  }

  /**
   * FG3.1.4 `dealloc(ptr, layout)` under `lock_irq_disabled`; with HEP-02 fixed, then returns
   * wholly free rescued chunks per the release policy.
   * @throws HeapLayoutError, or HeapDeallocError for a pointer not allocated, a double free, an
   *   interior pointer or a layout other than the allocation's (nothing changed).
   */
  *deallocCo(ptr: number, layout: Layout): Co<void> {
    checkLayout(layout, 'dealloc');
    yield* holding(this.lock, true, () => this.deallocHeld(ptr, layout));
  }

  /** Synchronous {@link deallocCo}. */
  dealloc(ptr: number, layout: Layout): void {
    runToCompletion(this.deallocCo(ptr, layout));
  }

  /**
   * FG3.1.5 `rescue(layout)`, called as 232e62b's `alloc` calls it (heap lock not held).
   * @returns true when frames were added to the heap (the allocation may still not fit).
   */
  *rescueCo(layout: Layout): Co<boolean> {
    checkLayout(layout, 'rescue');
    return yield* this.refill(layout, false);
  }

  /** Synchronous {@link rescueCo}. */
  rescue(layout: Layout): boolean {
    return runToCompletion(this.rescueCo(layout));
  }

  /** Heap figures. */
  stats(): HeapStats {
    const blocks = this.heap.freeBlockCounts();
    const c = this.counts;
    return {
      totalBytes: this.heap.total,
      allocatedBytes: this.heap.allocated,
      userBytes: this.heap.user,
      freeBytes: this.heap.free,
      freeBlocksPerOrder: blocks,
      freeBytesPerOrder: blocks.map((n, k) => n * 2 ** k),
      liveAllocations: this.live.size,
      rescues: c.rescues,
      failedRescues: c.failedRescues,
      rescuedBytes: c.rescuedBytes,
      releases: c.releases,
      releasedBytes: c.releasedBytes,
      btreeNodesFromHeap: c.nodesHeap,
      btreeNodesFromPool: c.nodesPool,
    };
  }

  /** Violations of the free lists' consistency (empty when consistent). */
  checkHeap(): HeapViolation[] {
    return checkHeap({
      order: this.heap.order,
      free: this.heap.freeBlocks(),
      live: this.live.blocks(),
      regions: this.regionList,
      total: this.heap.total,
      allocated: this.heap.allocated,
    });
  }

  /** Regions the heap owns, in the order added. */
  regions(): readonly HeapRegion[] {
    return [...this.regionList];
  }

  /** Live blocks by address. */
  liveBlocks(): LiveBlock[] {
    return this.live.blocks();
  }

  /** Free list `k`, head first (the next block `alloc` of that order takes). */
  freeList(k: number): readonly number[] {
    return this.heap.freeList(k);
  }

  /** Every free block by address. */
  freeBlocks(): Array<{ addr: number; order: number }> {
    return this.heap.freeBlocks();
  }

  private *allocAs(layout: Layout, owner: HeapOwner): Co<number | null> {
    // alloc runs with local IRQs off (`disable_local()` at 232e62b).
    return yield* irqsDisabled(() => (this.bugs.has('HEP-01') ? this.allocDroppingLock(layout, owner) : this.allocHoldingLock(layout, owner)));
  }

  // 232e62b: the lock is dropped around rescue (HEP-01).
  private *allocDroppingLock(layout: Layout, owner: HeapOwner): Co<number | null> {
    const p = yield* holdingSync(this.lock, false, () => this.rawAlloc(layout, owner));
    if (p !== null) return p;
    yield* irqWindow(); // heap unlocked: another CPU may allocate here
    const ok = yield* this.refill(layout, false);
    yield* irqWindow(); // ... or here, taking the refill
    if (!ok) return null;
    return yield* holdingSync(this.lock, false, () => this.rawAlloc(layout, owner));
  }

  // Fixed: the heap lock is held across rescue.
  private *allocHoldingLock(layout: Layout, owner: HeapOwner): Co<number | null> {
    return yield* holding(this.lock, false, () => this.allocRescuingHeld(layout, owner));
  }

  // allocHoldingLock's body, the heap lock held.
  private *allocRescuingHeld(layout: Layout, owner: HeapOwner): Co<number | null> {
    const p = this.rawAlloc(layout, owner);
    if (p !== null) return p;
    yield* irqWindow(); // other CPUs run but cannot take the heap
    const ok = yield* this.refill(layout, true);
    yield* irqWindow();
    return ok ? this.rawAlloc(layout, owner) : null;
  }

  private rawAlloc(layout: Layout, owner: HeapOwner): number | null {
    const p = this.heap.alloc(layout);
    if (p !== null) this.live.add(p, layout, owner);
    return p;
  }

  // FG3.1.5. `heapHeld`: the caller holds the heap lock (HEP-01 fixed).
  private *refill(layout: Layout, heapHeld: boolean): Co<boolean> {
    this.counts.rescues++;
    const frames = yield* holding(this.frameLock, false, () => this.takeFramesHeld(layout));
    if (!frames) {
      this.counts.failedRescues++;
      return false;
    }
    const region: HeapRegion = { start: linearHeapAddr(frames.start * PAGE_SIZE), bytes: frames.count * PAGE_SIZE, kind: 'rescued', frames };
    if (heapHeld) this.addRegion(region);
    else yield* holdingSync(this.lock, true, () => this.addRegion(region));
    this.counts.rescuedBytes += region.bytes;
    return true;
  }

  // refill's frames, the frame allocator's lock held.
  private *takeFramesHeld(layout: Layout): Co<RescuedFrames | null> {
    const fa = this.frameAllocator;
    if (!fa) return null;
    if (rescueSplitsBlock(fa, layout)) yield* this.btreeNode();
    return takeRescueFrames(fa, layout);
  }

  // The frame allocator's BTreeSet needs a node (HEP-03 audited: from this heap).
  private *btreeNode(): Co<void> {
    if (!this.bugs.has('HEP-03')) {
      this.counts.nodesPool++;
      return;
    }
    const p = yield* this.allocAs(BTREE_NODE_LAYOUT, 'frame-allocator-btree');
    if (p === null) throw new KernelPanic('handle_alloc_error', `Heap allocation error, layout = ${showLayout(BTREE_NODE_LAYOUT)} (frame allocator B-tree node)`);
    this.counts.nodesHeap++;
  }

  private addRegion(region: HeapRegion): void {
    this.heap.addToHeap(region.start, region.start + region.bytes);
    this.regionList.push(region);
  }

  private *deallocHeld(ptr: number, layout: Layout): Co<void> {
    this.live.check(ptr, layout);
    this.heap.dealloc(ptr, layout);
    this.live.remove(ptr);
    if (this.bugs.has('HEP-02')) return; // 232e62b: the heap never shrinks
    const fa = this.frameAllocator;
    if (!fa) return;
    for (const r of this.releasable()) {
      this.heap.removeRange(r.start, r.start + r.bytes);
      this.regionList.splice(this.regionList.indexOf(r), 1);
      const frames = r.frames!;
      yield* holdingSync(this.frameLock, false, () => fa.dealloc(frames.start, frames.count));
      this.counts.releases++;
      this.counts.releasedBytes += r.bytes;
    }
  }

  private releasable(): HeapRegion[] {
    if (this.heap.free <= this.releasePolicy.threshold) return [];
    const rescued = this.regionList.filter((r) => r.kind === 'rescued');
    const cands = rescued.map((r) => ({ bytes: r.bytes, whollyFree: this.heap.freeBytesIn(r.start, r.start + r.bytes) === r.bytes }));
    return chooseReleases(this.heap.free, cands, this.releasePolicy).map((i) => rescued[i]!);
  }
}

function checkRange(start: number, size: number): void {
  if (!Number.isSafeInteger(start) || start < 0) throw new HeapRegionError(start, size, 'start is not a heap address');
  if (!Number.isSafeInteger(size) || size < 0 || !Number.isSafeInteger(start + size)) throw new HeapRegionError(start, size, 'size is not a byte count');
}

/** The order of the block `layout` gets (exported for statistics and tests). */
export function heapBlockOrder(layout: Layout): number {
  return blockOrderOf(layout);
}
