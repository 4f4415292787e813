/**
 * The page allocator of `aster_frame::mm::page::allocator` (seed FG2): a single buddy allocator
 * (`FRAME_ALLOCATOR`, here one instance instead of a global behind a spin lock) built by
 * `init()` from the usable memory regions, and the kernel-facing `alloc`, `alloc_single`,
 * `alloc_contiguous` and `dealloc`.
 *
 * Switches: BSA-01 (kernel-sim's own ID) selects crate 0.9.0's lossy top-order merge. RTL-01
 * (kernel-sim's own ID) selects 232e62b's leak of rounding tails: `alloc(n)` takes a 2^k block
 * and hands out n frames, whose handles free them one by one, so the tail stays allocated
 * forever; fixed, the tail is returned to the buddy at once and `dealloc(start, n)` frees
 * exactly n frames. ALO-02 audited makes `alloc(n)` one contiguous request that fails when no block is
 * large enough; fixed falls back to several smaller blocks. ALO-04 audited accepts only
 * general-purpose ('Frame') allocations (see {@link AllocOptions}).
 *
 * Simplifications: frames are returned as numbers (ranges), not `Frame`/`Segment` handles with
 * page metadata (a later slice); the lock around it is `LockedFrameAllocator` (`locked-frame-allocator.ts`, a sync/ spin lock, ALO-01).
 * @module
 */
import { type BugSet, NO_BUGS } from '../../bugs/index.js';
import type { MemoryRegion } from '../../boot/index.js';
import { PAGE_SIZE, type PhysicalMemory } from '../../machine/index.js';
import { type AllocOptions, PAGE_USAGES, type PageUsage } from './alloc-options.js';
import { ceilLog2, floorLog2, trailingZeros } from './bits.js';
import { BuddyFrameAllocator, type BuddyOptions, type FrameSpan } from './buddy.js';
import { checkFreeLists } from './check-free-lists.js';
import { FrameAllocatorError } from './errors.js';
import { FrameBitmap } from './frame-bitmap.js';
import { pushRange, type FrameRange, type FrameVec, type SegmentRange } from './frame-vec.js';
import { usableFrameSpans } from './usable-frames.js';

const NO_OPTIONS: AllocOptions = Object.freeze({});

/** Options of a {@link FrameAllocator}. */
export interface FrameAllocatorOptions extends BuddyOptions {
  /** Audited behaviours to reproduce (ALO-02, ALO-04); default none (all fixed). */
  readonly bugs?: BugSet;
  /** Machine memory, for zeroing allocated frames. */
  readonly memory?: PhysicalMemory;
}

/** The page allocator: FG2's `init`, `alloc`, `alloc_single`, `alloc_contiguous`, `dealloc`. */
export class FrameAllocator {
  /** The wrapped buddy allocator (`FRAME_ALLOCATOR`). */
  readonly buddy: BuddyFrameAllocator;
  /** The audited behaviours switched on. */
  readonly bugs: BugSet;
  private readonly memory: PhysicalMemory | undefined;
  // Frames handed to callers: the buddy's allocated blocks minus their rounding tails.
  private readonly handedOutBits = new FrameBitmap();
  // A write-back cache of one 32-frame word of handedOutBits for the single-frame paths: the
  // first frame of the word (-1: none) and its bits. Every other use goes through `handedOut`,
  // which writes the word back first.
  private wordBase = -1;
  private wordBits = 0;
  /**
   * Set by the page layer: why frames [start, start + n) must not be freed (a page still owns
   * one), or null. Lets a raw `dealloc` of a page in use be refused before any change.
   */
  deallocGuard: ((start: number, nframes: number) => string | null) | null = null;

  /**
   * Builds the allocator from frame spans (each added with the crate's `add_frame`).
   * Use {@link FrameAllocator.init} to start from boot memory regions.
   */
  constructor(spans: readonly FrameSpan[], opts: FrameAllocatorOptions = {}) {
    this.bugs = opts.bugs ?? NO_BUGS;
    // BSA-01 (kernel-sim's own ID) selects the crate's lossy top-order merge.
    this.buddy = new BuddyFrameAllocator({ ...opts, legacyTopOrderMerge: opts.legacyTopOrderMerge ?? this.bugs.has('BSA-01') });
    this.memory = opts.memory;
    for (const s of spans) this.buddy.addFrame(s.start, s.end);
  }

  /**
   * FG2.1 `page::allocator::init()`: every `Usable` region, page-aligned inward, becomes free
   * frames.
   */
  static init(regions: readonly MemoryRegion[], opts: FrameAllocatorOptions = {}): FrameAllocator {
    return new FrameAllocator(usableFrameSpans(regions), opts);
  }

  // The handed-out bitmap, up to date.
  private get handedOut(): FrameBitmap {
    if (this.wordBase >= 0) {
      this.handedOutBits.setWord(this.wordBase, this.wordBits);
      this.wordBase = -1;
    }
    return this.handedOutBits;
  }

  // Makes the word of frame f the cached one.
  private cacheWord(base: number): void {
    const bits = this.handedOut; // writes the old word back
    this.wordBase = base;
    this.wordBits = bits.word(base);
  }

  /** Frames handed to callers and not yet deallocated. */
  get framesInUse(): number {
    return this.handedOut.count;
  }

  /**
   * Frames allocated in the buddy allocator that no caller holds: the tails of requests rounded
   * up to a power of two. At 232e62b (RTL-01) frames are freed one by one when their handles
   * drop, so a tail is never freed: these frames leak. Fixed, tails are freed at once: 0.
   */
  get strandedFrames(): number {
    return this.buddy.allocated - this.handedOut.count;
  }

  /**
   * FG2.2 `alloc(nframes)`: `nframes` frames, not necessarily contiguous. Audited (ALO-02): one
   * contiguous block or nothing. Fixed: the contiguous block when there is one, else smaller
   * power-of-two blocks, largest first.
   * @returns the frames, or null when there is not enough free memory (nothing is kept then).
   * @throws FrameAllocatorError for nframes < 1 or a usage ALO-04 refuses.
   */
  alloc(nframes: number, options: AllocOptions = {}): FrameVec | null {
    checkCount('alloc', nframes);
    const usage = this.usageOf('alloc', options);
    const start = this.buddy.alloc(nframes);
    if (start !== null) {
      this.returnTail(start, nframes);
      return this.handOut([{ start, count: nframes }], nframes, usage, options);
    }
    if (this.bugs.has('ALO-02')) return null;
    return this.allocFallback(nframes, usage, options);
  }

  /**
   * FG2.3 `alloc_single()`: one frame.
   * @returns its frame number, or null when memory is exhausted.
   */
  allocSingle(options: AllocOptions = NO_OPTIONS): number | null {
    // Usage is recorded in page metadata by a later slice; only its validity matters here.
    if (options.usage !== undefined && options.usage !== 'Frame') this.usageOf('allocSingle', options);
    const start = this.buddy.allocOrder(0);
    if (start === null) return null;
    // The hot path: no range objects, one bit of the cached word.
    const base = start - (start & 31);
    if (base !== this.wordBase) this.cacheWord(base);
    this.wordBits |= 1 << (start & 31);
    if (this.memory !== undefined && options.zeroed !== false) this.memory.zero(start * PAGE_SIZE, PAGE_SIZE);
    return start;
  }

  /**
   * FG2.4 `alloc_contiguous(nframes)`: `nframes` contiguous frames (a `Segment`). The buddy
   * block is rounded up to a power of two; with RTL-01 its tail stays allocated (see
   * {@link strandedFrames}), fixed it is returned.
   * @returns the segment's frames, or null when no block is large enough.
   */
  allocContiguous(nframes: number, options: AllocOptions = {}): SegmentRange | null {
    checkCount('allocContiguous', nframes);
    const usage = this.usageOf('allocContiguous', options);
    const start = this.buddy.alloc(nframes);
    if (start === null) return null;
    this.returnTail(start, nframes);
    this.handOut([{ start, count: nframes }], nframes, usage, options);
    return { start, count: nframes, usage };
  }

  /**
   * FG2.5 `dealloc(start_index, nframes)`: returns frames to the buddy allocator. With RTL-01 the
   * buddy rounds nframes up to a power of two (the whole block, tail included); fixed, exactly
   * the nframes frames are freed, as aligned power-of-two pieces.
   * @throws FrameAllocatorError (nothing changed) when a frame of [start, start+nframes) was not
   *   handed out, a page still owns one (the page layer's guard), or the buddy allocator refuses
   *   the block (unaligned, not allocated).
   */
  dealloc(startIndex: number, nframes: number): void {
    checkCount('dealloc', nframes);
    if (!Number.isInteger(startIndex) || startIndex < 0) {
      throw new FrameAllocatorError('dealloc', startIndex, 'not a frame number');
    }
    if (this.deallocGuard !== null) this.checkGuard(startIndex, nframes);
    if (nframes === 1) {
      // The hot path: one bit of the cached word, put back if the buddy refuses. A frame handed
      // out is a frame number, so the buddy's single-frame path skips its argument check.
      const base = startIndex - (startIndex & 31);
      if (base !== this.wordBase) this.cacheWord(base);
      const bit = 1 << (startIndex & 31);
      if ((this.wordBits & bit) === 0) throw this.notHandedOut(startIndex, 1);
      this.wordBits &= ~bit;
      try {
        this.buddy.deallocFrame(startIndex);
      } catch (e) {
        this.wordBits |= bit;
        throw e;
      }
      return;
    }
    if (!this.handedOut.allSet(startIndex, nframes)) throw this.notHandedOut(startIndex, nframes);
    if (this.bugs.has('RTL-01')) {
      this.buddy.dealloc(startIndex, nframes);
      this.handedOut.clearRange(startIndex, 2 ** ceilLog2(nframes));
    } else {
      this.freePieces(startIndex, startIndex + nframes);
      this.handedOut.clearRange(startIndex, nframes);
    }
  }

  private checkGuard(startIndex: number, nframes: number): void {
    const why = this.deallocGuard!(startIndex, nframes);
    if (why !== null) throw new FrameAllocatorError('dealloc', startIndex, why);
  }

  private notHandedOut(start: number, n: number): FrameAllocatorError {
    return new FrameAllocatorError('dealloc', start, `frames [${start}, ${start + n}) were not all allocated (double free, or never handed out)`);
  }

  // Fixed RTL-01: the part of the 2^k block past nframes goes back to the buddy at once.
  private returnTail(start: number, nframes: number): void {
    if (this.bugs.has('RTL-01') || nframes === 1) return;
    this.freePieces(start + nframes, start + 2 ** ceilLog2(nframes));
  }

  // Frees [from, to) as the largest aligned power-of-two blocks (each allocated in the buddy).
  private freePieces(from: number, to: number): void {
    let cur = from;
    while (cur < to) {
      const size = 2 ** Math.min(trailingZeros(cur), floorLog2(to - cur));
      this.buddy.dealloc(cur, size);
      cur += size;
    }
  }

  /** Frees every frame of `vec` (as handle drops would, range by range). */
  deallocVec(vec: FrameVec): void {
    for (const r of vec.ranges) for (let i = 0; i < r.count; i++) this.dealloc(r.start + i, 1);
  }

  /** Checks the buddy free lists. @throws FreeListCorruption listing broken invariants. */
  checkFreeLists(): void {
    checkFreeLists(this.buddy);
  }

  private allocFallback(nframes: number, usage: PageUsage, options: AllocOptions): FrameVec | null {
    if (this.buddy.free < nframes) return null;
    const blocks: FrameRange[] = [];
    let left = nframes;
    while (left > 0) {
      const k = Math.min(floorLog2(left), this.buddy.largestFreeOrder());
      const start = k < 0 ? null : this.buddy.allocOrder(k);
      if (start === null) {
        // Only reachable if free counts lie (overlapping blocks): give back what was taken.
        for (const b of blocks) this.buddy.dealloc(b.start, b.count);
        return null;
      }
      blocks.push({ start, count: 2 ** k });
      left -= 2 ** k;
    }
    blocks.sort((a, b) => a.start - b.start);
    const ranges: FrameRange[] = [];
    for (const b of blocks) pushRange(ranges, b.start, b.count);
    return this.handOut(ranges, nframes, usage, options);
  }

  private handOut(ranges: FrameRange[], nframes: number, usage: PageUsage, options: AllocOptions): FrameVec {
    for (const r of ranges) this.handedOut.setRange(r.start, r.count);
    if (options.zeroed ?? true) {
      // Without machine memory there is nothing to zero (allocator-only experiments).
      if (this.memory) for (const r of ranges) this.memory.zero(r.start * PAGE_SIZE, r.count * PAGE_SIZE);
    }
    return { ranges, nframes, usage };
  }

  private usageOf(fn: string, options: AllocOptions): PageUsage {
    const usage = options.usage;
    if (usage === undefined || usage === 'Frame') return 'Frame';
    if (!PAGE_USAGES.includes(usage)) throw new FrameAllocatorError(fn, String(usage), `not a page usage (${PAGE_USAGES.join(', ')})`);
    if (this.bugs.has('ALO-04')) {
      throw new FrameAllocatorError(fn, usage, 'ALO-04 (audited): the page allocator only makes general-purpose Frame pages; other usages take frames from FRAME_ALLOCATOR directly');
    }
    return usage;
  }
}

function checkCount(fn: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new FrameAllocatorError(fn, n, 'the number of frames must be a positive integer');
}
