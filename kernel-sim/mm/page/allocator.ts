/**
 * `page::allocator` at 232e62b (FG2.2-2.4) with page metadata: `alloc`, `alloc_single` and
 * `alloc_contiguous` take frames from `FRAME_ALLOCATOR` and turn each into a page with
 * `Page::from_unused` (a `Frame` handle, or a `Segment`'s forgotten handles). So once metadata
 * exists every allocation goes through it, and before `meta::init` an allocation would touch an
 * unmapped `MetaSlot` and page-fault (the Initialization Sequence's risk for
 * `page::allocator::init()`, ALO-04's first point). The model refuses such an allocation before
 * taking any frame: with ALO-04 selected as a KernelPanic describing the page fault, by default
 * as a {@link MetaNotReadyError} (the fixed interface reports it).
 *
 * `Segment` is modelled as 232e62b builds it: `Segment::new` forgets one handle per frame, and
 * dropping the last `SegmentInner` restores and drops each ({@link PageAllocator.dropSegment}).
 * @module
 */
import { hex, PAGE_SIZE } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import type { AllocOptions, FrameAllocator, SegmentRange } from '../frame/index.js';
import { MetaNotReadyError } from './errors.js';
import { FRAME_METADATA_BASE_VADDR } from './meta/mapping.js';
import { META_OF_USAGE, type FrameMetaFields, type PageMeta } from './meta/usage-metas.js';
import { Page } from './page.js';
import type { PageSystem } from './page-system.js';

/** The page allocator: frames from the buddy, made pages through their metadata. */
export class PageAllocator {
  private system: PageSystem | null;

  /**
   * @param frames `FRAME_ALLOCATOR` (after `page::allocator::init`).
   * @param system the page layer, once `meta::init` has run; null before.
   */
  constructor(readonly frames: FrameAllocator, system: PageSystem | null = null) {
    this.system = system;
  }

  /** The page layer (after `meta::init`), or null. */
  get pages(): PageSystem | null {
    return this.system;
  }

  /** Connects the page layer made by `meta::init`. */
  attach(system: PageSystem): void {
    this.system = system;
  }

  /**
   * `allocator::alloc(nframes)`: a FrameVec of `nframes` Frame handles (usage from the options).
   * @returns the handles, or null when memory is short (nothing kept).
   * @throws MetaNotReadyError / KernelPanic (ALO-04) before meta::init; FrameAllocatorError for bad counts.
   */
  alloc<M = FrameMetaFields>(nframes: number, options: AllocOptions = {}): Page<M>[] | null {
    const sys = this.ready('allocator::alloc');
    const vec = this.frames.alloc(nframes, options);
    if (vec === null) return null;
    const kind = metaOf<M>(options);
    const out: Page<M>[] = [];
    for (const r of vec.ranges) for (let i = 0; i < r.count; i++) out.push(Page.fromUnused(sys, (r.start + i) * PAGE_SIZE, kind));
    return out;
  }

  /** `allocator::alloc_single()`: one Frame handle, or null when memory is exhausted. */
  allocSingle<M = FrameMetaFields>(options: AllocOptions = {}): Page<M> | null {
    const sys = this.ready('allocator::alloc_single');
    const frame = this.frames.allocSingle(options);
    if (frame === null) return null;
    return Page.fromUnused(sys, frame * PAGE_SIZE, metaOf<M>(options));
  }

  /**
   * `allocator::alloc_contiguous(nframes)`: a Segment of `nframes` frames, each typed by
   * `from_unused` and forgotten (`Segment::new`).
   */
  allocContiguous(nframes: number, options: AllocOptions = {}): SegmentRange | null {
    const sys = this.ready('allocator::alloc_contiguous');
    const seg = this.frames.allocContiguous(nframes, options);
    if (seg === null) return null;
    const kind = metaOf(options);
    for (let i = 0; i < seg.count; i++) Page.fromUnused(sys, (seg.start + i) * PAGE_SIZE, kind).intoRaw();
    return seg;
  }

  /**
   * `SegmentInner::drop`: restores and drops each frame's forgotten handle; the last drop of each
   * frame returns it to the allocator.
   */
  dropSegment(seg: { readonly start: number; readonly count: number; readonly usage?: string }): void {
    const sys = this.ready('SegmentInner::drop');
    const kind = metaOf({ usage: seg.usage as AllocOptions['usage'] });
    for (let i = 0; i < seg.count; i++) Page.fromRaw(sys, (seg.start + i) * PAGE_SIZE, kind).drop();
  }

  /**
   * The churn workload's view of this allocator: contiguous blocks made into Segments and freed
   * by dropping them, so every frame passes through its metadata.
   */
  churnTarget(): { allocContiguous(n: number, o: AllocOptions): { start: number } | null; dealloc(start: number, n: number): void } {
    return {
      allocContiguous: (n, o) => this.allocContiguous(n, o),
      dealloc: (start, n) => this.dropSegment({ start, count: n }),
    };
  }

  private ready(fn: string): PageSystem {
    if (this.system !== null) return this.system;
    if (this.frames.bugs.has('ALO-04')) {
      // What 232e62b does: the buddy hands out frames, then from_unused touches an unmapped slot.
      throw new KernelPanic(fn, `page fault: the MetaSlot of the allocated frame, in FRAME_METADATA_RANGE from ${hex(FRAME_METADATA_BASE_VADDR)}, is not mapped before meta::init (ALO-04 audited)`);
    }
    throw new MetaNotReadyError(fn);
  }
}

function metaOf<M>(options: AllocOptions): PageMeta<M> {
  const usage = options.usage;
  return (usage === undefined ? META_OF_USAGE.Frame : META_OF_USAGE[usage]) as unknown as PageMeta<M>;
}
