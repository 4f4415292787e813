/**
 * `Segment` (FG4.6): contiguous frames shared through one `SegmentInner`, viewed through a
 * frame-index range. `range()` and `clone()` share the inner; the last handle's drop runs
 * `SegmentInner::drop`, which restores and drops each frame's forgotten page handle.
 * The inner's sharing count stands for the `Arc` of 232e62b.
 * @module
 */
import { hex, PAGE_SIZE, type PhysicalMemory } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import { PhysRangeIo, type IoOptions } from '../io/index.js';
import { UseAfterDropError, type PageAllocator } from '../page/index.js';
import { RangeHandle } from './io-handle.js';

/** The frames a Segment's handles share (`Arc<SegmentInner>`). */
export class SegmentInner {
  /** Handles sharing this inner. */
  refs = 1;
  constructor(
    readonly allocator: PageAllocator,
    /** First frame number. */
    readonly start: number,
    /** Frames (the allocation's count). */
    readonly count: number,
  ) {}
}

/** A handle to a contiguous run of frames. */
export class Segment extends RangeHandle {
  private dropped = false;

  /** A handle to frames [inner.start + from, inner.start + to). */
  constructor(
    private readonly inner: SegmentInner,
    /** The range of frame indices within the inner this handle covers. */
    readonly from: number,
    readonly to: number,
    private readonly memory: PhysicalMemory,
    options: IoOptions = {},
  ) {
    super(new PhysRangeIo(memory, (inner.start + from) * PAGE_SIZE, (to - from) * PAGE_SIZE, { ...options, typeName: 'Segment' }), options);
  }

  protected get typeName(): string {
    return 'Segment';
  }

  /** `start_frame_index()`: start + range.start. */
  startFrameIndex(): number {
    this.checkLive('Segment::start_frame_index');
    return this.inner.start + this.from;
  }

  /** `start_paddr()`: (start + range.start) * 4096. */
  startPaddr(): number {
    return this.startFrameIndex() * PAGE_SIZE;
  }

  /** `end_paddr()`: (start + range.end) * 4096. */
  endPaddr(): number {
    this.checkLive('Segment::end_paddr');
    return (this.inner.start + this.to) * PAGE_SIZE;
  }

  /** `nframes()`: range.end - range.start. */
  nframes(): number {
    this.checkLive('Segment::nframes');
    return this.to - this.from;
  }

  /** `nbytes()`: nframes * 4096. */
  nbytes(): number {
    return this.nframes() * PAGE_SIZE;
  }

  /**
   * `Segment::range` (FG4.6.2): the sub-range [from, to) of this segment's frames, sharing the
   * inner: `[2, 8).range([3, 4)) == [5, 6)`.
   * @throws KernelPanic when the range is empty-reversed or passes this segment's end (232e62b asserts).
   */
  range(from: number, to: number): Segment {
    this.checkLive('Segment::range');
    const n = this.to - this.from;
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || from > to || to > n) {
      throw new KernelPanic('Segment::range', `range [${from}, ${to}) is not within the segment's ${n} frames`);
    }
    this.inner.refs++;
    return new Segment(this.inner, this.from + from, this.from + to, this.memory, this.ioOptions);
  }

  /** Another handle to the same frames and range (the Arc's count + 1). */
  clone(): Segment {
    this.checkLive('Segment::clone');
    this.inner.refs++;
    return new Segment(this.inner, this.from, this.to, this.memory, this.ioOptions);
  }

  /** Drops this handle; the last handle of the inner returns every frame (FG4.6.4). */
  drop(): void {
    this.checkLive('Segment::drop');
    if (this.inner.refs === 1) this.inner.allocator.dropSegment({ start: this.inner.start, count: this.inner.count });
    this.inner.refs--;
    this.dropped = true;
  }

  [Symbol.dispose](): void {
    if (!this.dropped) this.drop();
  }

  get isLive(): boolean {
    return !this.dropped;
  }

  protected checkLive(method: string): void {
    if (this.dropped) throw new UseAfterDropError(method, (this.inner.start + this.from) * PAGE_SIZE, 'dropped');
  }
}

/** A one-line description, for messages. */
export function describeSegment(s: Segment): string {
  return `Segment [${hex(s.startPaddr())}, ${hex(s.endPaddr())})`;
}
