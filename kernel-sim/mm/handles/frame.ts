/**
 * `Frame` (FG4.5): a general-purpose page frame, a `Page<FrameMeta>` with VmIo over its 4 KiB.
 * Only the allocator makes one ({@link FrameHandleAllocator}); `clone` raises the page's
 * ref_count, `drop` lowers it and the last drop returns the frame to the allocator.
 * @module
 */
import { PAGE_SIZE, type PhysicalMemory } from '../../machine/index.js';
import { PhysRangeIo, VmIoBase, type IoOptions, type VmReader, type VmWriter } from '../io/index.js';
import { UseAfterDropError, type FrameMetaFields, type Page } from '../page/index.js';

/** A general-purpose page frame handle. */
export class Frame extends VmIoBase {
  private readonly io: PhysRangeIo;

  /** Wraps a live Frame-usage page handle (the allocator's job). */
  constructor(
    /** The page handle this frame owns. */
    readonly page: Page<FrameMetaFields>,
    private readonly memory: PhysicalMemory,
    options: IoOptions = {},
  ) {
    super(options);
    this.io = new PhysRangeIo(memory, page.paddr(), PAGE_SIZE, { ...options, typeName: 'Frame' });
  }

  get size(): number {
    return PAGE_SIZE;
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

  /** FG4.5.1: fills `buf` from `offset`; InvalidArgs when it does not fit the frame. */
  readBytes(offset: number, buf: Uint8Array): void {
    this.live('Frame::read_bytes');
    this.io.readBytes(offset, buf);
  }

  /** FG4.5.2: writes `buf` at `offset`; InvalidArgs when it does not fit the frame. */
  writeBytes(offset: number, buf: Uint8Array): void {
    this.live('Frame::write_bytes');
    this.io.writeBytes(offset, buf);
  }

  /** A reader over the frame's bytes. */
  reader(): VmReader {
    this.live('Frame::reader');
    return this.io.reader();
  }

  /** A writer over the frame's bytes. */
  writer(): VmWriter {
    this.live('Frame::writer');
    return this.io.writer();
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

  private live(method: string): Page<FrameMetaFields> {
    if (!this.page.isLive) throw new UseAfterDropError(method, this.io.paddr, this.page.handleState === 'forgotten' ? 'forgotten' : 'dropped');
    return this.page;
  }
}
