/**
 * Per-frame arrays over up to 2^40 frames, made of typed-array chunks of 2^16 frames created
 * on the first write: a 2 TiB machine (2^29 frames) costs memory only for the chunks its
 * workload touches. Unwritten entries read as 0.
 *
 * Bulk writes ({@link LazyChunks.fillRange}, {@link LazyChunks.addRange}) keep a chunk they
 * cover whole as one value instead of 2^16 entries (a uniform chunk), so marking a range costs
 * O(chunks) and untouched memory costs nothing; the first single-entry write to a uniform chunk
 * makes it a real one holding that value everywhere.
 * @module
 */

/** log2 of the frames per chunk. */
export const CHUNK_SHIFT = 16;
/** Frames per chunk (2^16: 64 Ki frames, 256 MiB of memory). */
export const CHUNK_FRAMES = 1 << CHUNK_SHIFT;

/** The typed arrays a {@link LazyChunks} can hold. */
export type FrameArray = Uint8Array | Uint16Array | Uint32Array;

const TWO31 = 2 ** 31;

function chunkOf(frame: number): number {
  return frame < TWO31 ? frame >>> CHUNK_SHIFT : Math.floor(frame / CHUNK_FRAMES);
}

/** A lazily chunked per-frame array of `T`, `width` elements per frame. */
export class LazyChunks<T extends FrameArray> {
  private readonly chunks = new Map<number, T>();
  // Chunks held as one non-zero value for every entry (width 1 only).
  private readonly uniform = new Map<number, number>();
  // One-entry cache: consecutive operations hit the same chunk.
  private lastNo = -1;
  private last: T | undefined = undefined;
  // Wraps a value to the element type (a u8 column stores 256 as 0).
  private readonly scratch: T;

  /**
   * @param make creates a zeroed chunk of the given length.
   * @param width elements per frame (e.g. 8 bytes of `_inner` per slot).
   */
  constructor(private readonly make: (length: number) => T, readonly width = 1) {
    this.scratch = make(1);
  }

  /** Number of chunks created (real typed arrays). */
  get chunkCount(): number {
    return this.chunks.size;
  }

  /** Number of chunks held as one value (see the module doc). */
  get uniformChunkCount(): number {
    return this.uniform.size;
  }

  /** Bytes held by the created chunks. */
  get bytes(): number {
    let n = 0;
    for (const c of this.chunks.values()) n += c.byteLength;
    return n;
  }

  /** The chunk holding `frame`, or undefined when never written (or uniform). */
  peek(frame: number): T | undefined {
    const no = chunkOf(frame);
    if (no === this.lastNo) return this.last;
    const c = this.chunks.get(no);
    if (c !== undefined) {
      this.lastNo = no;
      this.last = c;
    }
    return c;
  }

  /** The chunk holding `frame`, created when missing (with the chunk's uniform value). */
  touch(frame: number): T {
    const found = this.peek(frame);
    if (found !== undefined) return found;
    const no = chunkOf(frame);
    const c = this.make(CHUNK_FRAMES * this.width);
    const v = this.uniform.get(no);
    if (v !== undefined) {
      c.fill(v);
      this.uniform.delete(no);
    }
    this.chunks.set(no, c);
    this.lastNo = no;
    this.last = c;
    return c;
  }

  /** Element `i` (0 <= i < width) of `frame`'s entry; 0 when never written. */
  get(frame: number, i = 0): number {
    const c = this.peek(frame);
    if (c !== undefined) return c[(frame % CHUNK_FRAMES) * this.width + i]!;
    return this.uniform.size === 0 ? 0 : this.uniform.get(chunkOf(frame)) ?? 0;
  }

  /** Sets element `i` of `frame`'s entry (creates the chunk unless writing 0 to a missing one). */
  set(frame: number, value: number, i = 0): void {
    const c = value === 0 && (this.uniform.size === 0 || !this.uniform.has(chunkOf(frame))) ? this.peek(frame) : this.touch(frame);
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

  /** Sets every entry of frames [start, start + n) to `value` (width 1). */
  fillRange(start: number, n: number, value: number): void {
    this.scratch[0] = value;
    const v = this.scratch[0]!;
    this.forEachPiece(start, n, (no, lo, hi) => {
      if (lo === 0 && hi === CHUNK_FRAMES) {
        this.drop(no);
        if (v === 0) this.uniform.delete(no);
        else this.uniform.set(no, v);
      } else {
        this.touch(no * CHUNK_FRAMES).fill(v, lo, hi);
      }
    });
  }

  /** Adds `delta` to every entry of frames [start, start + n) (width 1), wrapping as the type does. */
  addRange(start: number, n: number, delta: number): void {
    this.forEachPiece(start, n, (no, lo, hi) => {
      const c = this.chunks.get(no);
      if (lo === 0 && hi === CHUNK_FRAMES && c === undefined) {
        this.scratch[0] = (this.uniform.get(no) ?? 0) + delta;
        const v = this.scratch[0]!;
        if (v === 0) this.uniform.delete(no);
        else this.uniform.set(no, v);
        return;
      }
      const chunk = c ?? this.touch(no * CHUNK_FRAMES);
      for (let i = lo; i < hi; i++) chunk[i] = chunk[i]! + delta;
    });
  }

  /** Zeroes every element of frames [start, start + n) (any width). */
  clearRange(start: number, n: number): void {
    this.forEachPiece(start, n, (no, lo, hi) => {
      if (this.uniform.has(no)) this.touch(no * CHUNK_FRAMES);
      this.chunks.get(no)?.fill(0, lo * this.width, hi * this.width);
    });
  }

  /** True when every entry (element 0) of frames [start, start + n) is `value`. */
  allEqual(start: number, n: number, value: number): boolean {
    let ok = true;
    this.forEachPiece(start, n, (no, lo, hi) => {
      if (!ok) return;
      const c = this.chunks.get(no);
      if (c === undefined) {
        ok = (this.uniform.get(no) ?? 0) === value;
        return;
      }
      for (let i = lo; i < hi && ok; i++) ok = c[i * this.width] === value;
    });
    return ok;
  }

  /** Chunk numbers created or uniform, ascending (for whole-state sweeps). */
  chunkNumbers(): number[] {
    return [...new Set([...this.chunks.keys(), ...this.uniform.keys()])].sort((a, b) => a - b);
  }

  private drop(no: number): void {
    this.chunks.delete(no);
    if (no === this.lastNo) {
      this.lastNo = -1;
      this.last = undefined;
    }
  }

  // Splits [start, start+n) by chunk: fn(chunk number, first frame in it, end frame in it).
  private forEachPiece(start: number, n: number, fn: (no: number, lo: number, hi: number) => void): void {
    let f = start;
    const end = start + n;
    while (f < end) {
      const no = chunkOf(f);
      const base = no * CHUNK_FRAMES;
      const hi = Math.min(CHUNK_FRAMES, end - base);
      fn(no, f - base, hi);
      f = base + hi;
    }
  }
}
