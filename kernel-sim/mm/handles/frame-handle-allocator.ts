/**
 * The allocation functions that hand out handles (FG2.2-2.4 as callers see them): `alloc` gives
 * a {@link FrameVec}, `allocSingle` a {@link Frame}, `allocContiguous` a {@link Segment}.
 * @module
 */
import type { PhysicalMemory } from '../../machine/index.js';
import type { AllocOptions } from '../frame/index.js';
import type { IoOptions } from '../io/index.js';
import type { FrameMetaFields, PageAllocator } from '../page/index.js';
import { Frame } from './frame.js';
import { FrameVec } from './frame-vec.js';
import { Segment, SegmentInner } from './segment.js';

/** Allocates frames as handles with VmIo over machine memory. */
export class FrameHandleAllocator {
  constructor(
    readonly pages: PageAllocator,
    readonly memory: PhysicalMemory,
    /** IOV-01 and Target 6 checking for the handles' VmIo. */
    readonly ioOptions: IoOptions = {},
  ) {}

  /** `alloc(nframes)`: a FrameVec, or null when memory is short. */
  alloc(nframes: number, options: AllocOptions = {}): FrameVec | null {
    const pages = this.pages.alloc<FrameMetaFields>(nframes, options);
    if (pages === null) return null;
    return new FrameVec(pages.map((p) => new Frame(p, this.memory, this.ioOptions)), this.memory, this.ioOptions);
  }

  /** `alloc_single()`: a Frame, or null. */
  allocSingle(options: AllocOptions = {}): Frame | null {
    const page = this.pages.allocSingle<FrameMetaFields>(options);
    return page === null ? null : new Frame(page, this.memory, this.ioOptions);
  }

  /** `alloc_contiguous(nframes)`: a Segment, or null. */
  allocContiguous(nframes: number, options: AllocOptions = {}): Segment | null {
    const seg = this.pages.allocContiguous(nframes, options);
    if (seg === null) return null;
    return new Segment(new SegmentInner(this.pages, seg.start, seg.count), 0, seg.count, this.memory, this.ioOptions);
  }
}
