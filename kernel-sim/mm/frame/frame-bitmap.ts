/**
 * A sparse bitmap over frame numbers (up to 2^40 of them): chunks of 2^16 frames, each an
 * Int32Array of up to 2048 words, created on first set and dropped when they become empty. A
 * chunk's words are allocated up to the highest one written (from 16, doubling; words past the
 * end read as clear): 16 words (64 bytes) is the largest typed array V8 keeps on its own heap,
 * so a small allocator's bitmap costs ~50 ns to make instead of ~3 us for 8 KiB. A chunk set
 * whole is one shared marker, so marking a 2^31-frame block costs 2^15 map entries. A one-entry
 * cache of the last chunk serves the single-frame operations without a map lookup.
 * @module
 */
import { INT32_MAX, popcount } from './bits.js';
import { grownTo } from './grown-words.js';

const CHUNK_BITS = 16;
const CHUNK_FRAMES = 2 ** CHUNK_BITS;
const WORDS = CHUNK_FRAMES / 32;
/** Words first allocated for a chunk. */
const FIRST_WORDS = 16;
const TWO31 = 2 ** 31;
// Marker of a chunk whose bits are all set (compared by identity, never written).
const FULL = new Int32Array(0);
// What a missing chunk grows from (never stored).
const NO_WORDS = new Int32Array(0);

// Chunks below this (frames below 2^31) are found in a dense array, the others in a Map.
const NEAR_CHUNKS = 1 << 15;

/** A set of frame numbers stored as bits. */
export class FrameBitmap {
  // near[no] for chunk numbers below NEAR_CHUNKS (grown to the highest one stored), far for the rest.
  private readonly near: (Int32Array | undefined)[] = [];
  private readonly far = new Map<number, Int32Array>();
  private setCount = 0;
  // The last chunk looked up (undefined: known missing); lastNo -1 when nothing is cached.
  private lastNo = -1;
  private lastChunk: Int32Array | undefined = undefined;
  // lastChunk unless it is FULL.
  private lastReal: Int32Array | undefined = undefined;

  /** Number of frames whose bit is set. */
  get count(): number {
    return this.setCount;
  }

  /** True when frame `f`'s bit is set. */
  get(f: number): boolean {
    const chunk = this.chunk(f < TWO31 ? f >>> CHUNK_BITS : Math.floor(f / CHUNK_FRAMES));
    if (!chunk) return false;
    if (chunk === FULL) return true;
    const i = f & (CHUNK_FRAMES - 1);
    const w = i >>> 5;
    return w < chunk.length && (chunk[w]! & (1 << (i & 31))) !== 0;
  }

  // The chunk numbered `no` (cached), undefined when absent.
  private chunk(no: number): Int32Array | undefined {
    if (no === this.lastNo) return this.lastChunk;
    const c = this.lookup(no);
    this.lastNo = no;
    this.cache(c);
    return c;
  }

  // The real (neither missing nor FULL) chunk holding frame f, or undefined. Kept small: the
  // buddy's hot paths inline it.
  private wordsOf(f: number): Int32Array | undefined {
    if (f > INT32_MAX) return this.realChunk(Math.floor(f / CHUNK_FRAMES));
    const no = f >>> CHUNK_BITS;
    if (no === this.lastNo) return this.lastReal;
    // Another chunk: one array load (past the array's end reads undefined: no chunk).
    const c = this.near[no];
    return c === FULL ? undefined : c;
  }

  private realChunk(no: number): Int32Array | undefined {
    const c = this.chunk(no);
    return c === FULL ? undefined : c;
  }

  /**
   * Sets the bits of the aligned block of 2^k frames at `f` (the buddy's blocks): one word
   * for up to 32 frames.
   */
  setBlock(f: number, k: number): void {
    const c = k > 5 ? undefined : this.wordsOf(f);
    const w = (f & (CHUNK_FRAMES - 1)) >>> 5;
    if (c === undefined || w >= c.length) return this.setRange(f, 2 ** k);
    const m = lowBits(k) << (f & 31);
    const old = c[w]!;
    c[w] = old | m;
    this.setCount += (old & m) === 0 ? 1 << k : (1 << k) - popcount(old & m);
  }

  /**
   * Clears the bits of the aligned block of 2^k frames at `f` and returns true when all were
   * set; else false, nothing changed.
   */
  testAndClearBlock(f: number, k: number): boolean {
    const c = k > 5 ? undefined : this.wordsOf(f);
    if (c === undefined) return this.testAndClearRange(f, 2 ** k);
    const w = (f & (CHUNK_FRAMES - 1)) >>> 5;
    // Words past the chunk's end are clear.
    if (w >= c.length) return false;
    const m = lowBits(k) << (f & 31);
    const old = c[w]!;
    if ((old & m) !== m) return false;
    c[w] = old & ~m;
    this.setCount -= 1 << k;
    return true;
  }

  /** {@link setBlock} of one frame, small for the buddy's single-frame paths to inline. */
  setFrame(f: number): void {
    const c = this.wordsOf(f);
    const w = (f & (CHUNK_FRAMES - 1)) >>> 5;
    if (c === undefined || w >= c.length) return this.setRange(f, 1);
    const m = 1 << (f & 31);
    const old = c[w]!;
    c[w] = old | m;
    if ((old & m) === 0) this.setCount++;
  }

  /** {@link testAndClearBlock} of one frame, small for the buddy's single-frame paths to inline. */
  testAndClearFrame(f: number): boolean {
    const c = this.wordsOf(f);
    if (c === undefined) return this.testAndClearRange(f, 1);
    const w = (f & (CHUNK_FRAMES - 1)) >>> 5;
    const m = 1 << (f & 31);
    const old = w < c.length ? c[w]! : 0;
    if ((old & m) === 0) return false;
    c[w] = old & ~m;
    this.setCount--;
    return true;
  }

  /** The bits of the 32 frames from `base` (a multiple of 32), bit i for frame base + i. */
  word(base: number): number {
    const c = this.chunk(base < TWO31 ? base >>> CHUNK_BITS : Math.floor(base / CHUNK_FRAMES));
    if (c === undefined) return 0;
    if (c === FULL) return -1;
    const w = (base & (CHUNK_FRAMES - 1)) >>> 5;
    return w < c.length ? c[w]! : 0;
  }

  /** Sets the 32 frames from `base` (a multiple of 32) to `bits`, bit i for frame base + i. */
  setWord(base: number, bits: number): void {
    const old = this.word(base);
    if (old === bits) return;
    const no = base < TWO31 ? base >>> CHUNK_BITS : Math.floor(base / CHUNK_FRAMES);
    const w = (base & (CHUNK_FRAMES - 1)) >>> 5;
    const c = this.writable(no, w);
    c[w] = bits;
    this.setCount += popcount(bits) - popcount(old);
  }

  private cache(c: Int32Array | undefined): void {
    this.lastChunk = c;
    this.lastReal = c === FULL ? undefined : c;
  }

  private lookup(no: number): Int32Array | undefined {
    return no < NEAR_CHUNKS ? this.near[no] : this.far.get(no);
  }

  private put(no: number, c: Int32Array): void {
    if (no < NEAR_CHUNKS) {
      // Filled up to no, so the array stays dense (V8 would make a far write a dictionary).
      while (this.near.length < no) this.near.push(undefined);
      this.near[no] = c;
    } else {
      this.far.set(no, c);
    }
    if (no === this.lastNo) this.cache(c);
  }

  private remove(no: number): void {
    if (no < NEAR_CHUNKS) this.near[no] = undefined;
    else this.far.delete(no);
    if (no === this.lastNo) this.cache(undefined);
  }

  // Chunk `no` with word w allocated: made when missing, grown when short, materialised when FULL.
  private writable(no: number, w: number): Int32Array {
    const c = this.chunk(no);
    if (c === FULL) return this.materialise(no);
    if (c !== undefined && w < c.length) return c;
    const more = grownTo(c ?? NO_WORDS, w, WORDS, FIRST_WORDS);
    this.put(no, more);
    return more;
  }

  /** True when every frame of [start, start+n) is set. */
  allSet(start: number, n: number): boolean {
    if (n === 1) return this.get(start);
    return this.countIn(start, n) === n;
  }

  /** True when no frame of [start, start+n) is set. */
  noneSet(start: number, n: number): boolean {
    if (n === 1) return !this.get(start);
    return this.countIn(start, n) === 0;
  }

  /** Sets frame `f`'s bit (the hot single-frame path). */
  setOne(f: number): void {
    const chunkNo = f < TWO31 ? f >>> CHUNK_BITS : Math.floor(f / CHUNK_FRAMES);
    if (this.chunk(chunkNo) === FULL) return;
    const i = f & (CHUNK_FRAMES - 1);
    const w = i >>> 5;
    const chunk = this.writable(chunkNo, w);
    const m = 1 << (i & 31);
    const old = chunk[w]!;
    if ((old & m) === 0) {
      chunk[w] = old | m;
      this.setCount++;
    }
  }

  /** Clears frame `f`'s bit (the hot single-frame path; the chunk is kept). */
  clearOne(f: number): void {
    const chunkNo = f < TWO31 ? f >>> CHUNK_BITS : Math.floor(f / CHUNK_FRAMES);
    let chunk = this.chunk(chunkNo);
    if (!chunk) return;
    if (chunk === FULL) chunk = this.materialise(chunkNo);
    const i = f & (CHUNK_FRAMES - 1);
    const w = i >>> 5;
    if (w >= chunk.length) return;
    const m = 1 << (i & 31);
    const old = chunk[w]!;
    if ((old & m) !== 0) {
      chunk[w] = old & ~m;
      this.setCount--;
    }
  }

  /** Clears frame `f`'s bit; false (nothing changed) when it was not set. */
  testAndClear(f: number): boolean {
    const chunkNo = f < TWO31 ? f >>> CHUNK_BITS : Math.floor(f / CHUNK_FRAMES);
    let chunk = this.chunk(chunkNo);
    if (!chunk) return false;
    if (chunk === FULL) chunk = this.materialise(chunkNo);
    const i = f & (CHUNK_FRAMES - 1);
    const w = i >>> 5;
    if (w >= chunk.length) return false;
    const m = 1 << (i & 31);
    const old = chunk[w]!;
    if ((old & m) === 0) return false;
    chunk[w] = old & ~m;
    this.setCount--;
    return true;
  }

  /** Clears the bits of [start, start+n) when all are set and returns true; else false, nothing changed. */
  testAndClearRange(start: number, n: number): boolean {
    if (n === 1) return this.testAndClear(start);
    const b = start & 31;
    if (b + n > 32) {
      if (!this.allSet(start, n)) return false;
      this.clearSpans(start, n);
      return true;
    }
    // Within one word (every block of up to 32 frames): one lookup.
    const chunkNo = start < TWO31 ? start >>> CHUNK_BITS : Math.floor(start / CHUNK_FRAMES);
    let chunk = this.chunk(chunkNo);
    if (!chunk) return false;
    if (chunk === FULL) chunk = this.materialise(chunkNo);
    const w = (start & (CHUNK_FRAMES - 1)) >>> 5;
    if (w >= chunk.length) return false;
    const m = wordMask(b, b + n);
    const old = chunk[w]!;
    if ((old & m) !== m) return false;
    chunk[w] = old & ~m;
    this.setCount -= n;
    return true;
  }

  /** Number of set frames in [start, start+n). */
  countIn(start: number, n: number): number {
    const b = start & 31;
    if (b + n <= 32) {
      // Within one word (every block of up to 32 frames): no span walk.
      const chunk = this.chunk(start < TWO31 ? start >>> CHUNK_BITS : Math.floor(start / CHUNK_FRAMES));
      if (!chunk) return 0;
      if (chunk === FULL) return n;
      const w = (start & (CHUNK_FRAMES - 1)) >>> 5;
      return w < chunk.length ? popcount(chunk[w]! & wordMask(b, b + n)) : 0;
    }
    return this.countSpans(start, n);
  }

  // countIn across words or chunks.
  private countSpans(start: number, n: number): number {
    let total = 0;
    this.forEachSpan(start, n, (chunkNo, lo, hi) => {
      const chunk = this.lookup(chunkNo);
      if (chunk === FULL) total += hi - lo;
      else if (chunk) total += countBits(chunk, lo, hi);
    });
    return total;
  }

  /** Sets the bits of [start, start+n). */
  setRange(start: number, n: number): void {
    if (n === 1) return this.setOne(start);
    const b = start & 31;
    if (b + n <= 32) {
      const chunkNo = start < TWO31 ? start >>> CHUNK_BITS : Math.floor(start / CHUNK_FRAMES);
      if (this.chunk(chunkNo) === FULL) return;
      const w = (start & (CHUNK_FRAMES - 1)) >>> 5;
      const chunk = this.writable(chunkNo, w);
      const m = wordMask(b, b + n);
      const old = chunk[w]!;
      chunk[w] = old | m;
      this.setCount += n - popcount(old & m);
      return;
    }
    this.setSpans(start, n);
  }

  // setRange across words or chunks.
  private setSpans(start: number, n: number): void {
    this.forEachSpan(start, n, (chunkNo, lo, hi) => {
      const chunk = this.lookup(chunkNo);
      if (chunk === FULL) return;
      const already = chunk ? countBits(chunk, lo, hi) : 0;
      this.setCount += hi - lo - already;
      if (lo === 0 && hi === CHUNK_FRAMES) {
        this.put(chunkNo, FULL);
        return;
      }
      writeBits(this.writable(chunkNo, (hi - 1) >>> 5), lo, hi, true);
    });
  }

  /** Clears the bits of [start, start+n). */
  clearRange(start: number, n: number): void {
    if (n === 1) return this.clearOne(start);
    const b = start & 31;
    if (b + n <= 32) {
      const chunkNo = start < TWO31 ? start >>> CHUNK_BITS : Math.floor(start / CHUNK_FRAMES);
      let chunk = this.chunk(chunkNo);
      if (!chunk) return;
      if (chunk === FULL) chunk = this.materialise(chunkNo);
      const w = (start & (CHUNK_FRAMES - 1)) >>> 5;
      if (w >= chunk.length) return;
      const m = wordMask(b, b + n);
      const old = chunk[w]!;
      chunk[w] = old & ~m;
      this.setCount -= popcount(old & m);
      return;
    }
    this.clearSpans(start, n);
  }

  // clearRange across words or chunks.
  private clearSpans(start: number, n: number): void {
    this.forEachSpan(start, n, (chunkNo, lo, hi) => {
      let chunk = this.lookup(chunkNo);
      if (!chunk) return;
      this.setCount -= chunk === FULL ? hi - lo : countBits(chunk, lo, hi);
      if (lo === 0 && hi === CHUNK_FRAMES) {
        this.remove(chunkNo);
        return;
      }
      if (chunk === FULL) chunk = this.materialise(chunkNo);
      // Bits past the chunk's words are clear already.
      const end = Math.min(hi, chunk.length * 32);
      if (lo < end) writeBits(chunk, lo, end, false);
    });
  }

  // Replaces a FULL marker by a real all-ones chunk, ready for partial clearing.
  private materialise(chunkNo: number): Int32Array {
    const chunk = new Int32Array(WORDS).fill(-1);
    this.put(chunkNo, chunk);
    return chunk;
  }

  // Splits [start, start+n) by chunk: fn(chunk number, low bit, high bit) with hi exclusive.
  private forEachSpan(start: number, n: number, fn: (chunkNo: number, lo: number, hi: number) => void): void {
    let f = start;
    const end = start + n;
    while (f < end) {
      const chunkNo = Math.floor(f / CHUNK_FRAMES);
      const lo = f - chunkNo * CHUNK_FRAMES;
      const hi = Math.min(CHUNK_FRAMES, end - chunkNo * CHUNK_FRAMES);
      fn(chunkNo, lo, hi);
      f = chunkNo * CHUNK_FRAMES + hi;
    }
  }
}

// The low 2^k bits of a word (k <= 5), for aligned blocks of up to 32 frames: computed, so a
// constant k (a single frame) folds to a constant.
function lowBits(k: number): number {
  return k === 5 ? -1 : (1 << (1 << k)) - 1;
}

// Mask of bits [lo, hi) within one 32-bit word (0 <= lo < hi <= 32).
function wordMask(lo: number, hi: number): number {
  const upper = hi === 32 ? -1 : (1 << hi) - 1;
  return upper & ~((1 << lo) - 1);
}

// Set bits of chunk in [lo, hi); bits past its words are clear.
function countBits(chunk: Int32Array, lo: number, end: number): number {
  const hi = Math.min(end, chunk.length * 32);
  let total = 0;
  let i = lo;
  while (i < hi) {
    const w = i >>> 5;
    const b = i & 31;
    const e = Math.min(32, b + (hi - i));
    const bits = chunk[w]!;
    if (b === 0 && e === 32) {
      if (bits !== 0) total += bits === -1 ? 32 : popcount(bits);
    } else {
      total += popcount(bits & wordMask(b, e));
    }
    i += e - b;
  }
  return total;
}

function writeBits(chunk: Int32Array, lo: number, hi: number, value: boolean): void {
  let i = lo;
  while (i < hi) {
    const w = i >>> 5;
    const b = i & 31;
    const e = Math.min(32, b + (hi - i));
    if (b === 0 && e === 32) {
      // Whole words: fill in one go.
      const words = (hi - i) >>> 5;
      chunk.fill(value ? -1 : 0, w, w + words);
      i += words * 32;
      continue;
    }
    const m = wordMask(b, e);
    chunk[w] = value ? chunk[w]! | m : chunk[w]! & ~m;
    i += e - b;
  }
}
