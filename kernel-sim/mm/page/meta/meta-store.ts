/**
 * The `MetaSlot[]` array of FG4.3: one slot per base page below `MAX_PADDR`, stored as a struct
 * of arrays in lazily created typed-array chunks (usage bytes, ref_count words, the 8 `_inner`
 * bytes). A slot never written reads as `{ usage: Unused, ref_count: 0, _inner: 0 }`, which is
 * what `meta::init` zeroing the metadata pages makes of every slot.
 *
 * Simplification: the slots live in these arrays, not in the bytes of the metadata pages that
 * `meta::init` allocates; {@link MetaStore.slotPaddr} says where each slot's bytes would be.
 * @module
 */
import { PAGE_SIZE } from '../../../machine/index.js';
import { CHUNK_FRAMES, LazyChunks } from './lazy-chunks.js';
import { META_SLOT_INNER_SIZE, META_SLOT_SIZE } from './slot-layout.js';

/** The metadata slots of every page frame below `maxPaddr`. */
export class MetaStore {
  /** Number of slots: `MAX_PADDR / PAGE_SIZE` (the pages with metadata). */
  readonly slotCount: number;
  private readonly usageCol = new LazyChunks((n) => new Uint8Array(n));
  private readonly refCol = new LazyChunks((n) => new Uint32Array(n));
  private readonly innerCol = new LazyChunks((n) => new Uint8Array(n), META_SLOT_INNER_SIZE);
  private metaBase = -1;

  /** @param maxPaddr `MAX_PADDR`; slots exist for frames 0 .. floor(maxPaddr / PAGE_SIZE) - 1. */
  constructor(readonly maxPaddr: number) {
    this.slotCount = Math.floor(maxPaddr / PAGE_SIZE);
  }

  /** True when frame `frame` has a slot. */
  hasSlot(frame: number): boolean {
    return frame >= 0 && frame < this.slotCount;
  }

  /** The slot's `usage` byte. */
  usage(frame: number): number {
    return this.usageCol.get(frame);
  }

  /** Stores the slot's `usage` byte. */
  setUsage(frame: number, code: number): void {
    this.usageCol.set(frame, code);
  }

  /** `usage.compare_exchange(expected, code)`: true (and stored) when usage was `expected`. */
  compareExchangeUsage(frame: number, expected: number, code: number): boolean {
    if (this.usageCol.get(frame) !== expected) return false;
    this.usageCol.set(frame, code);
    return true;
  }

  /** The slot's `ref_count`. */
  refCount(frame: number): number {
    return this.refCol.get(frame);
  }

  /** `ref_count.fetch_add(delta)` (delta may be -1): returns the old count. Wraps as u32. */
  fetchAddRefCount(frame: number, delta: number): number {
    return this.refCol.add(frame, delta);
  }

  /** Byte `off` (0..7) of the slot's `_inner`. */
  innerU8(frame: number, off: number): number {
    return this.innerCol.get(frame, off);
  }

  /** Stores byte `off` of the slot's `_inner`. */
  setInnerU8(frame: number, off: number, value: number): void {
    this.innerCol.set(frame, value & 0xff, off);
  }

  /** Little-endian u16 at byte `off` of `_inner`. */
  innerU16(frame: number, off: number): number {
    return this.innerCol.get(frame, off) | (this.innerCol.get(frame, off + 1) << 8);
  }

  /** Stores a little-endian u16 at byte `off` of `_inner`. */
  setInnerU16(frame: number, off: number, value: number): void {
    this.setInnerU8(frame, off, value & 0xff);
    this.setInnerU8(frame, off + 1, (value >>> 8) & 0xff);
  }

  /** Zeroes `_inner` (`M::default()` of an empty or padding-only meta, and `drop_in_place`). */
  clearInner(frame: number): void {
    if (this.innerCol.peek(frame) === undefined) return;
    for (let i = 0; i < META_SLOT_INNER_SIZE; i++) this.innerCol.set(frame, 0, i);
  }

  /** True when every slot of frames [start, start + n) is Unused with ref_count 0 (O(chunks) where untouched). */
  isUnusedRange(start: number, n: number): boolean {
    return this.usageCol.allEqual(start, n, 0) && this.refCol.allEqual(start, n, 0);
  }

  /** Stores `code` as the usage of frames [start, start + n) (bulk: whole chunks stay one value). */
  setUsageRange(start: number, n: number, code: number): void {
    this.usageCol.fillRange(start, n, code);
  }

  /** `ref_count.fetch_add(delta)` on frames [start, start + n) (bulk), wrapping as u32. */
  addRefCountRange(start: number, n: number, delta: number): void {
    this.refCol.addRange(start, n, delta);
  }

  /** {@link clearInner} of frames [start, start + n). */
  clearInnerRange(start: number, n: number): void {
    this.innerCol.clearRange(start, n);
  }

  /** Records where `meta::init` put the metadata pages (first frame), for {@link slotPaddr}. */
  setMetaPagesBase(firstFrame: number): void {
    this.metaBase = firstFrame;
  }

  /** The physical address of frame `frame`'s slot inside the metadata pages (-1 before init). */
  slotPaddr(frame: number): number {
    return this.metaBase < 0 ? -1 : this.metaBase * PAGE_SIZE + frame * META_SLOT_SIZE;
  }

  /** Bytes of typed arrays the store holds (its real memory cost). */
  get bytes(): number {
    return this.usageCol.bytes + this.refCol.bytes + this.innerCol.bytes;
  }

  /** Chunks held as one value per column (bulk-written ranges, see lazy-chunks.ts). */
  get uniformChunkCounts(): { usage: number; refCount: number } {
    return { usage: this.usageCol.uniformChunkCount, refCount: this.refCol.uniformChunkCount };
  }

  /** Chunks created per column (usage, ref_count, _inner). */
  get chunkCounts(): { usage: number; refCount: number; inner: number } {
    return { usage: this.usageCol.chunkCount, refCount: this.refCol.chunkCount, inner: this.innerCol.chunkCount };
  }

  /**
   * Calls `fn` for every frame of a touched chunk whose usage or ref_count is non-zero
   * (O(touched chunks · 2^16)), for whole-state checks.
   */
  forEachUsedSlot(fn: (frame: number, usage: number, refCount: number) => void): void {
    const nos = new Set([...this.usageCol.chunkNumbers(), ...this.refCol.chunkNumbers()]);
    for (const no of [...nos].sort((a, b) => a - b)) {
      const base = no * CHUNK_FRAMES;
      for (let i = 0; i < CHUNK_FRAMES; i++) {
        const f = base + i;
        const u = this.usageCol.get(f);
        const r = this.refCol.get(f);
        if (u !== 0 || r !== 0) fn(f, u, r);
      }
    }
  }
}
