/**
 * `Frame` (FG4.5): a general-purpose page frame, a `Page<FrameMeta>` with VmIo over its 4 KiB.
 * (FG4.5.1/4.5.2 read_bytes/write_bytes: InvalidArgs when the access passes the frame's end.)
 * Only the allocator makes one ({@link FrameHandleAllocator}); `clone` raises the page's
 * ref_count, `drop` lowers it and the last drop returns the frame to the allocator.
 * @module
 */
import { PAGE_SIZE, type PhysicalMemory } from '../../machine/index.js';
import { PhysRangeIo, type IoOptions } from '../io/index.js';
import { UseAfterDropError, type FrameMetaFields, type Page } from '../page/index.js';
import { RangeHandle } from './io-handle.js';

/** A general-purpose page frame handle. */
export class Frame extends RangeHandle {
  /** Wraps a live Frame-usage page handle (the allocator's job). */
  constructor(
    /** The page handle this frame owns. */
    readonly page: Page<FrameMetaFields>,
    private readonly memory: PhysicalMemory,
    options: IoOptions = {},
  ) {
    super(new PhysRangeIo(memory, page.paddr(), PAGE_SIZE, { ...options, typeName: 'Frame' }), options);
  }

  protected get typeName(): string {
    return 'Frame';
  }

  /** `Frame::paddr` / `start_paddr`. */
  startPaddr(): number {
    return this.live('Frame::start_paddr').paddr();
  }

  /** `Frame::end_paddr`: one past the last byte. */
  endPaddr(): number {
    return this.live('Frame::end_paddr').paddr() + PAGE_SIZE;
  }

  /** Another handle to the same frame (ref_count + 1). */
  clone(): Frame {
    return new Frame(this.live('Frame::clone').clone(), this.memory, this.ioOptions);
  }

  /** Drops this handle; the last one returns the frame to the allocator. */
  drop(): void {
    this.page.drop();
  }

  /** Drops the handle if it is still live. */
  [Symbol.dispose](): void {
    this.page[Symbol.dispose]();
  }

  /** True until the handle is dropped. */
  get isLive(): boolean {
    return this.page.isLive;
  }

  protected checkLive(method: string): void {
    if (!this.page.isLive) throw new UseAfterDropError(method, this.io.paddr, this.page.handleState === 'forgotten' ? 'forgotten' : 'dropped');
  }

  private live(method: string): Page<FrameMetaFields> {
    this.checkLive(method);
    return this.page;
  }
}
