/**
 * What Frame, Segment and FrameVec share: VmIo that delegates to a physical-range object after
 * checking the handle is still live, so a dropped handle refuses every access. A reader or writer
 * borrows its handle: used after the handle's drop it throws UseAfterDropError (Rust's borrow
 * checker forbids the drop; the model refuses the use).
 * @module
 */
import { PhysRangeIo, VmIoBase, type IoOptions, type PhysRangeListIo, type VmReader, type VmWriter } from '../io/index.js';

/** A handle whose bytes are `io`'s. */
export abstract class IoHandle<Io extends PhysRangeIo | PhysRangeListIo> extends VmIoBase {
  protected constructor(protected readonly io: Io, options: IoOptions) {
    super(options);
  }

  /** Throws UseAfterDropError when the handle was dropped; `method` names the kernel method. */
  protected abstract checkLive(method: string): void;

  get size(): number {
    return this.io.size;
  }

  /** Fills `buf` from `offset`; InvalidArgs when it does not fit. */
  readBytes(offset: number, buf: Uint8Array): void {
    this.checkLive(`${this.typeName}::read_bytes`);
    this.io.readBytes(offset, buf);
  }

  /** Writes `buf` at `offset`; InvalidArgs when it does not fit. */
  writeBytes(offset: number, buf: Uint8Array): void {
    this.checkLive(`${this.typeName}::write_bytes`);
    this.io.writeBytes(offset, buf);
  }
}

/** A handle over one contiguous range, with a reader and a writer of it. */
export abstract class RangeHandle extends IoHandle<PhysRangeIo> {
  /** A reader over the handle's bytes. */
  reader(): VmReader {
    this.checkLive(`${this.typeName}::reader`);
    return this.io.reader().borrowFrom(() => this.checkLive(`VmReader of a ${this.typeName} (borrow)`));
  }

  /** A writer over the handle's bytes. */
  writer(): VmWriter {
    this.checkLive(`${this.typeName}::writer`);
    return this.io.writer().borrowFrom(() => this.checkLive(`VmWriter of a ${this.typeName} (borrow)`));
  }
}
