/**
 * Per-frame arrays over up to 2^40 frames, made of typed-array chunks of 2^16 frames created
 * on the first write: a 2 TiB machine (2^29 frames) costs memory only for the chunks its
 * workload touches. Unwritten entries read as 0.
 *
 * Bulk writes ({@link LazyChunks.fillRange}, {@link LazyChunks.addRange}) keep a chunk they
 * cover whole as one value instead of 2^16 entries (a uniform chunk), so marking a range costs
 * O(chunks) and untouched memory costs nothing; the first single-entry write to a uniform chunk
 * makes it a real one holding that value everywhere.
 *
 * A real chunk's typed array reaches only as far as its highest entry written (from 64 bytes,
 * doubling; entries past its end read as 0): the many small machines of an exploration (a few
 * hundred frames, one machine per run) each made five full chunks, 1.3 MiB zeroed per run, and
 * the collector spent a quarter of the run on them.
 * @module
 */

/** log2 of the frames per chunk. */
export const CHUNK_SHIFT = 16;
/** Frames per chunk (2^16: 64 Ki frames, 256 MiB of memory). */
export const CHUNK_FRAMES = 1 << CHUNK_SHIFT;

/** The typed arrays a {@link LazyChunks} can hold. */
export type FrameArray = Uint8Array | Uint16Array | Uint32Array;

const TWO31 = 2 ** 31;
/** Bytes a chunk's array starts with: V8 keeps typed arrays of up to 64 bytes on its own heap. */
const FIRST_BYTES = 64;

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

  /**
   * The chunk holding `frame`, created when missing (with the chunk's uniform value), its array
   * reaching at least `need` elements (default: the frame's whole entry).
   */
  touch(frame: number, need = ((frame % CHUNK_FRAMES) + 1) * this.width): T {
    const found = this.peek(frame);
    if (found !== undefined && found.length >= need) return found;
    return this.grow(chunkOf(frame), found, need);
  }

  // Chunk `no` made or grown to at least `need` elements: doubled from what it had, a uniform
  // value filled in whole (its entries past the end would read as 0).
  private grow(no: number, old: T | undefined, need: number): T {
    const full = CHUNK_FRAMES * this.width;
    const v = old === undefined ? this.uniform.get(no) : undefined;
    let length = full;
    if (v === undefined) {
      length = Math.max(old?.length ?? 0, FIRST_BYTES / this.scratch.BYTES_PER_ELEMENT);
      while (length < need) length *= 2;
      length = Math.min(length, full);
    }
    const c = this.make(length);
    if (old !== undefined) c.set(old);
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
    if (c !== undefined) {
      const at = (frame % CHUNK_FRAMES) * this.width + i;
      return at < c.length ? c[at]! : 0;
    }
    return this.uniform.size === 0 ? 0 : this.uniform.get(chunkOf(frame)) ?? 0;
  }

  /** Sets element `i` of `frame`'s entry (creates the chunk unless writing 0 to a missing one). */
  set(frame: number, value: number, i = 0): void {
    const at = (frame % CHUNK_FRAMES) * this.width + i;
    if (value === 0 && (this.uniform.size === 0 || !this.uniform.has(chunkOf(frame)))) {
      // A 0 needs no array where there is none, nor past a short one's end.
      const c = this.peek(frame);
      if (c !== undefined && at < c.length) c[at] = 0;
      return;
    }
    this.touch(frame, at + 1)[at] = value;
  }

  /** Adds `delta` to element 0 of `frame`'s entry; returns the old value. */
  add(frame: number, delta: number): number {
    const at = (frame % CHUNK_FRAMES) * this.width;
    const c = this.touch(frame, at + 1);
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
        this.touch(no * CHUNK_FRAMES, hi).fill(v, lo, hi);
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
      const chunk = this.touch(no * CHUNK_FRAMES, hi);
      for (let i = lo; i < hi; i++) chunk[i] = chunk[i]! + delta;
    });
  }

  /** Zeroes every element of frames [start, start + n) (any width). */
  clearRange(start: number, n: number): void {
    this.forEachPiece(start, n, (no, lo, hi) => {
      if (this.uniform.has(no)) this.touch(no * CHUNK_FRAMES);
      // fill stops at a short array's end, past which entries read as 0 already.
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
      const end = Math.min(hi, Math.ceil(c.length / this.width));
      for (let i = lo; i < end && ok; i++) ok = c[i * this.width] === value;
      // Entries past a short array's end are 0.
      if (ok && end < hi) ok = value === 0;
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
