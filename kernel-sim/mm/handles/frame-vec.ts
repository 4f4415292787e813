/**
 * `FrameVec` (FG4.7): discontiguous frames read and written in order as one VM object: read and
 * write page by page from frame offset / 4096, byte offset % 4096.
 * @module
 */
import { PAGE_SIZE, type PhysicalMemory } from '../../machine/index.js';
import { PhysRangeListIo, type IoOptions } from '../io/index.js';
import { UseAfterDropError } from '../page/index.js';
import type { Frame } from './frame.js';
import { IoHandle } from './io-handle.js';

/** A vector of Frame handles with VmIo over their concatenated bytes. */
export class FrameVec extends IoHandle<PhysRangeListIo> {
  private dropped = false;

  constructor(
    /** The frames, in order. */
    readonly frames: readonly Frame[],
    memory: PhysicalMemory,
    options: IoOptions = {},
  ) {
    super(new PhysRangeListIo(memory, frames.map((f) => ({ paddr: f.startPaddr(), size: PAGE_SIZE })), { ...options, typeName: 'FrameVec' }), options);
  }

  protected get typeName(): string {
    return 'FrameVec';
  }

  /** Number of frames. */
  len(): number {
    return this.frames.length;
  }

  /** Drops every frame handle. */
  drop(): void {
    this.checkLive('FrameVec::drop');
    for (const f of this.frames) f.drop();
    this.dropped = true;
  }

  [Symbol.dispose](): void {
    if (!this.dropped) this.drop();
  }

  protected checkLive(method: string): void {
    if (this.dropped) throw new UseAfterDropError(method, this.io.pieces.length > 0 ? this.io.pieces[0]!.paddr : 0, 'dropped');
  }
}
