/**
 * Per-frame arrays over up to 2^40 frames, made of typed-array chunks of 2^16 frames created
 * on the first write: a 2 TiB machine (2^29 frames) costs memory only for the chunks its
 * workload touches. Unwritten entries read as 0.
 * @module
 */

/** log2 of the frames per chunk. */
export const CHUNK_SHIFT = 16;
/** Frames per chunk (2^16: 64 Ki frames, 256 MiB of memory). */
export const CHUNK_FRAMES = 1 << CHUNK_SHIFT;

/** The typed arrays a {@link LazyChunks} can hold. */
export type FrameArray = Uint8Array | Uint16Array | Uint32Array;

/** A lazily chunked per-frame array of `T`, `width` elements per frame. */
export class LazyChunks<T extends FrameArray> {
  private readonly chunks = new Map<number, T>();
  // One-entry cache: consecutive operations hit the same chunk.
  private lastNo = -1;
  private last: T | undefined = undefined;

  /**
   * @param make creates a zeroed chunk of the given length.
   * @param width elements per frame (e.g. 8 bytes of `_inner` per slot).
   */
  constructor(private readonly make: (length: number) => T, readonly width = 1) {}

  /** Number of chunks created. */
  get chunkCount(): number {
    return this.chunks.size;
  }

  /** Bytes held by the created chunks. */
  get bytes(): number {
    let n = 0;
    for (const c of this.chunks.values()) n += c.byteLength;
    return n;
  }

  /** The chunk holding `frame`, or undefined when never written. */
  peek(frame: number): T | undefined {
    const no = Math.floor(frame / CHUNK_FRAMES);
    if (no === this.lastNo) return this.last;
    const c = this.chunks.get(no);
    if (c !== undefined) {
      this.lastNo = no;
      this.last = c;
    }
    return c;
  }

  /** The chunk holding `frame`, created when missing. */
  touch(frame: number): T {
    const found = this.peek(frame);
    if (found !== undefined) return found;
    const no = Math.floor(frame / CHUNK_FRAMES);
    const c = this.make(CHUNK_FRAMES * this.width);
    this.chunks.set(no, c);
    this.lastNo = no;
    this.last = c;
    return c;
  }

  /** Element `i` (0 <= i < width) of `frame`'s entry; 0 when never written. */
  get(frame: number, i = 0): number {
    const c = this.peek(frame);
    return c === undefined ? 0 : c[(frame % CHUNK_FRAMES) * this.width + i]!;
  }

  /** Sets element `i` of `frame`'s entry (creates the chunk unless writing 0 to a missing one). */
  set(frame: number, value: number, i = 0): void {
    const c = value === 0 ? this.peek(frame) : this.touch(frame);
    if (c !== undefined) c[(frame % CHUNK_FRAMES) * this.width + i] = value;
  }

  /** Adds `delta` to element 0 of `frame`'s entry; returns the old value. */
  add(frame: number, delta: number): number {
    const c = this.touch(frame);
    const at = (frame % CHUNK_FRAMES) * this.width;
    const old = c[at]!;
    c[at] = old + delta;
    return old;
  }

  /** Chunk numbers created, ascending (for whole-state sweeps). */
  chunkNumbers(): number[] {
    return [...this.chunks.keys()].sort((a, b) => a - b);
  }
}
