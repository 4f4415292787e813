/**
 * `FrameVec` (FG4.7): discontiguous frames read and written in order as one VM object.
 * @module
 */
import { PAGE_SIZE, type PhysicalMemory } from '../../machine/index.js';
import { PhysRangeListIo, VmIoBase, type IoOptions } from '../io/index.js';
import { UseAfterDropError } from '../page/index.js';
import type { Frame } from './frame.js';

/** A vector of Frame handles with VmIo over their concatenated bytes. */
export class FrameVec extends VmIoBase {
  private dropped = false;
  private readonly io: PhysRangeListIo;

  constructor(
    /** The frames, in order. */
    readonly frames: readonly Frame[],
    memory: PhysicalMemory,
    options: IoOptions = {},
  ) {
    super(options);
    this.io = new PhysRangeListIo(memory, frames.map((f) => ({ paddr: f.startPaddr(), size: PAGE_SIZE })), { ...options, typeName: 'FrameVec' });
  }

  get size(): number {
    return this.frames.length * PAGE_SIZE;
  }

  protected get typeName(): string {
    return 'FrameVec';
  }

  /** Number of frames. */
  len(): number {
    return this.frames.length;
  }

  /** FG4.7.1: page by page from frame offset / 4096, byte offset % 4096. */
  readBytes(offset: number, buf: Uint8Array): void {
    this.live('FrameVec::read_bytes');
    this.io.readBytes(offset, buf);
  }

  /** FG4.7.2: page by page, as read_bytes. */
  writeBytes(offset: number, buf: Uint8Array): void {
    this.live('FrameVec::write_bytes');
    this.io.writeBytes(offset, buf);
  }

  /** Drops every frame handle. */
  drop(): void {
    this.live('FrameVec::drop');
    for (const f of this.frames) f.drop();
    this.dropped = true;
  }

  [Symbol.dispose](): void {
    if (!this.dropped) this.drop();
  }

  private live(method: string): void {
    if (this.dropped) throw new UseAfterDropError(method, this.io.pieces.length > 0 ? this.io.pieces[0]!.paddr : 0, 'dropped');
  }
}
