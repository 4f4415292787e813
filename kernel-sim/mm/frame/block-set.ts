/**
 * One order's free blocks as a set of block numbers (start frame / 2^order, below 2^40) that
 * answers membership and "lowest block" in a few word operations, the lowest being what the
 * crate's `BTreeSet::iter().next()` hands out.
 *
 * Two forms. Up to {@link RUN_CAPACITY} blocks below 2^31 lie in a sorted run (block-run.ts,
 * the class this one extends): the few hundred free blocks per order of a churning allocator
 * pop in one load there, where the bitmap form searches its summaries on nearly every pop (such
 * sparse blocks rarely share a leaf word). A set that outgrows the run, takes a block from
 * 2^31, or has its blocks come and go in the run's middle (many words moved: the run is
 * crowded, block-run.ts) moves into the bitmap form and stays there until it empties.
 *
 * The bitmap form: block numbers are cut into pages of 2^15. A page is a three-level bitmap in
 * typed-array pools (1024 leaf words, 32 summary words, one top word), created on first insert and
 * kept for reuse when it empties; a {@link PageBitmap} holds the non-empty pages. Nothing is
 * allocated per operation once a page exists, and pages far apart cost only what they hold. The
 * newest page's leaf and summary words are allocated up to the highest word written (from 16 and
 * 1, doubling), so the many small allocators of an exploration (a few blocks per order, a fresh
 * allocator per run) each make small typed arrays that V8 keeps on its heap, not 4 KiB per order;
 * words past a pool's end read as empty.
 *
 * Summaries are mostly cleared lazily: a summary bit (and a page in the page bitmap) may stay
 * set after what it covers empties, and the search for the lowest block clears the stale bits
 * it meets. (A leaf word emptied by a merge or a delete drops its summary bit at once: with many
 * free blocks those words are cold, and the search would read each one again.) A set bit's
 * children may be empty, but a non-empty child always has its bit set, so the search still
 * finds the lowest block, and a set that empties and refills (a free list of one block)
 * updates one word. A hint (a leaf word of the lowest page with no block below it,
 * moved down by inserts under it) lets popMin read one word while that word holds a block.
 * The buddy's front group (front-group.ts) takes whole words out after a pop and puts them back
 * (takePoppedWord, putWord).
 * @module
 */
import { INT32_MAX, popcount } from './bits.js';
import { BlockRun, RUN_CAPACITY } from './block-run.js';
import { grown, grownTo } from './grown-words.js';
import { PageBitmap } from './page-bitmap.js';

const PAGE_SHIFT = 15;
const PAGE_SIZE = 1 << PAGE_SHIFT;
const LEAF_WORDS = PAGE_SIZE >>> 5; // 1024
const SUM_WORDS = LEAF_WORDS >>> 5; // 32
const NO_WORDS = new Int32Array(0);
// Never written: newSlot gives a set its own before its first page (far, for the Map).
const NO_DIR: Map<number, number> = new Map();
// Pages below this (block numbers below 2^31) find their slot in a dense array, the rest in a Map.
const NEAR_PAGES = 1 << 16;
const NO_PAGES = new PageBitmap();
/**
 * Leaf words first allocated for a page: 16 words (64 bytes) is the largest typed array V8 keeps
 * on its own heap, several times cheaper to make than one with a separate backing store.
 */
const FIRST_LEAF_WORDS = 16;

function pageOf(p: number): number {
  return p <= INT32_MAX ? p >>> PAGE_SHIFT : Math.floor(p / PAGE_SIZE);
}

/** A set of block numbers in [0, 2^40]. */
export class BlockSet extends BlockRun {
  // Blocks in the bitmap form.
  private count = 0;
  // While false the blocks are in the run and the bitmap holds none (its summaries may be stale,
  // as after any emptying). Emptied, the bitmap form gives the next block below 2^31 to the run.
  private bitmapped = false;
  // Pools for no page yet: a set that is never used (most orders of an allocator) allocates none.
  private leaf: Int32Array = NO_WORDS;
  private sum: Int32Array = NO_WORDS;
  private top: Int32Array = NO_WORDS;
  private slots = 0;
  // Shared empty ones until the first page (newSlot): an allocator has 32 sets, most never used.
  // near[page] = slot + 1 (0: none) for pages below NEAR_PAGES; dir for the others.
  private near: Int32Array = NO_WORDS;
  private dir: Map<number, number> = NO_DIR;
  private pages: PageBitmap = NO_PAGES;
  // The lowest non-empty page (-1 when empty), kept so "lowest block" skips the page bitmap.
  private minPage = -1;
  // One-entry cache of the directory: consecutive operations mostly stay in one page.
  private lastPage = -1;
  private lastSlot = -1;
  // Pool index of a leaf word of minPage with no block of the set below it (-1: unknown), and
  // minPage's first block number: popMin's fast path reads one word.
  private hint = -1;
  private hintBase = 0;
  // The offset lowestPage found.
  private found = 0;

  /** Number of blocks in the set. */
  get size(): number {
    return this.bitmapped ? this.count : this.runSize;
  }

  /** True when block `p` is in the set. */
  has(p: number): boolean {
    if (!this.bitmapped) return p <= INT32_MAX && this.runHas(p);
    const slot = this.slotOf(pageOf(p));
    if (slot < 0) return false;
    const o = p & (PAGE_SIZE - 1);
    const wi = slot * LEAF_WORDS + (o >>> 5);
    return wi < this.leaf.length && (this.leaf[wi]! & (1 << (o & 31))) !== 0;
  }

  /** Adds block `p`; false when it was already there (the set is unchanged, as BTreeSet::insert). */
  insert(p: number): boolean {
    return this.runTakes(p) ? this.runInsert(p) : this.bitmapInsert(p);
  }

  // True when block `p` is added in the run form, false in the bitmap form: a run past its
  // capacity, crowded or given a block from 2^31 moves to the bitmap, an empty bitmap back.
  private runTakes(p: number): boolean {
    if (!this.bitmapped) {
      if (this.runSize < RUN_CAPACITY && p <= INT32_MAX && !this.runCrowded) return true;
      this.toBitmap();
      return false;
    }
    if (this.count === 0 && p <= INT32_MAX) {
      this.bitmapped = false;
      return true;
    }
    return false;
  }

  // Moves the run's blocks into the bitmap form.
  private toBitmap(): void {
    this.bitmapped = true;
    for (let p = this.runPopMin(); p >= 0; p = this.runPopMin()) this.bitmapInsert(p);
  }

  private bitmapInsert(p: number): boolean {
    const wi = this.wordFor(p);
    const bit = 1 << (p & 31);
    const old = this.leaf[wi]!;
    if ((old & bit) !== 0) return false;
    this.leaf[wi] = old | bit;
    this.count++;
    if (old === 0) this.markWord(p, wi);
    return true;
  }

  // Pool index of the leaf word of block p, its page created when missing.
  private wordFor(p: number): number {
    const page = pageOf(p);
    const slot = page === this.lastPage ? this.lastSlot : this.slotOrNew(page);
    const wi = slot * LEAF_WORDS + ((p & (PAGE_SIZE - 1)) >>> 5);
    if (wi >= this.leaf.length) this.growLeaf(wi);
    return wi;
  }

  // The pool reaches to wi: the last page's words double (a page of its own is at most LEAF_WORDS).
  private growLeaf(wi: number): void {
    this.leaf = grownTo(this.leaf, wi, LEAF_WORDS, FIRST_LEAF_WORDS);
  }

  private slotOrNew(page: number): number {
    const slot = this.slotOf(page);
    return slot < 0 ? this.newSlot(page) : slot;
  }

  // Leaf word wi (of block p) just became non-empty: moves the hint down to it (a word that was
  // not empty was at or above the hint already; one slot is one page) and sets its summary bit.
  private markWord(p: number, wi: number): void {
    if (wi < this.hint && wi >>> 10 === this.hint >>> 10) this.hint = wi;
    const si = wi >>> 5; // SUM_WORDS = LEAF_WORDS / 32: the pools line up
    // The summary pool grows as the leaf one does (a page's first 16 leaf words need one word).
    if (si >= this.sum.length) this.sum = grownTo(this.sum, si, SUM_WORDS, 1);
    const s = this.sum[si]!;
    const bit = 1 << (wi & 31);
    if ((s & bit) !== 0) return; // still set (summaries are cleared lazily)
    this.sum[si] = s | bit;
    if (s === 0) this.markSummary(p, si);
  }

  // Summary word si (of block p's page) just became non-empty.
  private markSummary(p: number, si: number): void {
    const slot = si >>> 5;
    const t = this.top[slot]!;
    this.top[slot] = t | (1 << (si & 31));
    if (t !== 0) return;
    const page = pageOf(p);
    this.pages.add(page);
    if (this.minPage < 0 || page < this.minPage) {
      this.minPage = page;
      this.hint = -1;
    }
  }

  /** Removes block `p`; false when it was not there. */
  delete(p: number): boolean {
    if (!this.bitmapped) {
      if (p > INT32_MAX) return false;
      return this.runDelete(p);
    }
    const page = pageOf(p);
    const slot = this.slotOf(page);
    if (slot < 0) return false;
    const o = p & (PAGE_SIZE - 1);
    const wi = slot * LEAF_WORDS + (o >>> 5);
    if (wi >= this.leaf.length) return false;
    const bit = 1 << (o & 31);
    const old = this.leaf[wi]!;
    if ((old & bit) === 0) return false;
    this.clear(wi, old & ~bit);
    return true;
  }

  /**
   * The buddy step of a free: removes block `p ^ 1` and returns true when it is in the set,
   * else adds `p` and returns false. One lookup, since a block and its buddy share a word.
   */
  takeBuddyOrInsert(p: number): boolean {
    if (this.runTakes(p)) return this.runTakeBuddyOrInsert(p);
    const wi = this.wordFor(p);
    const old = this.leaf[wi]!;
    const buddyBit = 1 << ((p ^ 1) & 31);
    if ((old & buddyBit) !== 0) {
      this.leaf[wi] = old & ~buddyBit;
      this.count--;
      if (old === buddyBit) this.emptied(wi);
      return true;
    }
    const bit = 1 << (p & 31);
    if ((old & bit) !== 0) return false;
    this.leaf[wi] = old | bit;
    this.count++;
    if (old === 0) this.markWord(p, wi);
    return false;
  }

  /**
   * Removes the blocks left in the word (32 blocks from a multiple of 32) of the block the last
   * {@link popMin} returned, and returns them, bit i for that block's (p & ~31) + i. Call it
   * right after popMin: popMin leaves its word as the hint.
   */
  takePoppedWord(): number {
    if (!this.bitmapped) return this.runTakePoppedWord();
    const wi = this.hint;
    const bits = wi >= 0 ? this.leaf[wi]! : 0;
    if (bits === 0) return 0;
    this.leaf[wi] = 0;
    this.count -= popcount(bits);
    this.emptied(wi);
    return bits;
  }

  /** Adds the blocks `bits` of the word from block `base` (a multiple of 32), bit i for base + i. */
  putWord(base: number, bits: number): void {
    if (bits === 0) return;
    if (!this.bitmapped || this.count === 0) {
      if (base <= INT32_MAX && this.size + popcount(bits) <= RUN_CAPACITY && (this.bitmapped || !this.runCrowded)) {
        this.bitmapped = false;
        for (let b = bits; b !== 0; b &= b - 1) this.runInsert(base + (31 - Math.clz32(b & -b)));
        return;
      }
      this.toBitmap();
    }
    const wi = this.wordFor(base);
    const old = this.leaf[wi]!;
    this.leaf[wi] = old | bits;
    this.count += popcount(bits & ~old);
    if (old === 0) this.markWord(base, wi);
  }

  /** The lowest block, or -1 when the set is empty. */
  min(): number {
    if (!this.bitmapped) return this.runMin();
    if (this.count === 0) return -1;
    const page = this.lowestPage();
    return page * PAGE_SIZE + this.found;
  }

  /** Removes and returns the lowest block, or -1 when the set is empty. */
  popMin(): number {
    if (!this.bitmapped) return this.runPopMin();
    const wi = this.hint;
    // An empty set has no bit anywhere, so a non-zero hint word means the set is not empty.
    const bits = wi >= 0 ? this.leaf[wi]! : 0;
    if (bits === 0) return this.popMinSearch();
    this.leaf[wi] = bits & (bits - 1);
    this.count--;
    return this.hintBase + (((wi & (LEAF_WORDS - 1)) << 5) | (31 - Math.clz32(bits & -bits)));
  }

  // popMin past the hint: searches the summaries (clearing stale bits) and moves the hint.
  private popMinSearch(): number {
    if (this.count === 0) return -1;
    const page = this.lowestPage();
    const slot = this.lastSlot; // lowestPage looked it up
    const o = this.found;
    const wi = slot * LEAF_WORDS + (o >>> 5);
    this.hint = wi;
    this.hintBase = page * PAGE_SIZE;
    const old = this.leaf[wi]!;
    this.clear(wi, old & (old - 1));
    return page * PAGE_SIZE + o;
  }

  /** The blocks in ascending order. */
  sorted(): number[] {
    if (!this.bitmapped) return this.runSorted();
    const out: number[] = [];
    for (let page = this.pages.next(0); page >= 0; page = this.pages.next(page + 1)) {
      const slot = this.slotOf(page);
      const base = slot * LEAF_WORDS;
      const words = Math.min(LEAF_WORDS, this.leaf.length - base);
      for (let w = 0; w < words; w++) {
        for (let bits = this.leaf[base + w]!; bits !== 0; bits &= bits - 1) {
          out.push(page * PAGE_SIZE + w * 32 + (31 - Math.clz32(bits & -bits)));
        }
      }
    }
    return out;
  }

  // The lowest page holding a block (the set is not empty); drops emptied pages on the way and
  // leaves the page's slot in the directory cache and the block's offset in `found`.
  private lowestPage(): number {
    for (;;) {
      const page = this.minPage;
      const o = this.lowestIn(this.slotOf(page));
      if (o >= 0) {
        this.found = o;
        return page;
      }
      this.pages.delete(page);
      this.minPage = this.pages.min();
      this.hint = -1;
    }
  }

  // Offset of the lowest block in a page, or -1 when it holds none; clears the stale summary
  // bits it meets.
  private lowestIn(slot: number): number {
    for (;;) {
      const t = this.top[slot]!;
      if (t === 0) return -1;
      const i = 31 - Math.clz32(t & -t);
      const si = slot * SUM_WORDS + i;
      const s = this.sum[si]!;
      if (s === 0) {
        this.top[slot] = t & (t - 1);
        continue;
      }
      const w = (i << 5) | (31 - Math.clz32(s & -s));
      const bits = this.leaf[slot * LEAF_WORDS + w]!;
      if (bits === 0) {
        this.sum[si] = s & (s - 1);
        continue;
      }
      return (w << 5) | (31 - Math.clz32(bits & -bits));
    }
  }

  // Stores the leaf word without the block (summaries are cleaned lazily by the search).
  private clear(wi: number, now: number): void {
    this.leaf[wi] = now;
    this.count--;
    if (now === 0) this.emptied(wi);
  }

  // Leaf word wi just emptied by a merge or a search: its summary bit goes at once, or the
  // search would meet it in a cold leaf word (popMin's one-word path leaves its bit, so a free
  // list of one block still updates one word).
  private emptied(wi: number): void {
    this.sum[wi >>> 5]! &= ~(1 << (wi & 31));
  }

  private slotOf(page: number): number {
    if (page === this.lastPage) return this.lastSlot;
    const s = page < NEAR_PAGES ? (page < this.near.length ? this.near[page]! - 1 : -1) : this.farSlot(page);
    if (s < 0) return -1;
    this.lastPage = page;
    this.lastSlot = s;
    return s;
  }

  private farSlot(page: number): number {
    return this.dir.get(page) ?? -1;
  }

  private newSlot(page: number): number {
    const slot = this.slots++;
    if (slot === 0) {
      // The first page's leaf and summary words come with its first insert (wordFor, markWord).
      this.pages = new PageBitmap();
      this.top = new Int32Array(1);
    } else if (slot === this.top.length) {
      // Earlier pages' leaf and summary words in full; the new one's come with its first insert.
      this.leaf = grown(this.leaf, slot * LEAF_WORDS);
      this.sum = grown(this.sum, slot * SUM_WORDS);
      this.top = grown(this.top, slot * 2);
    }
    if (page < NEAR_PAGES) {
      if (page >= this.near.length) {
        let n = Math.max(16, this.near.length * 2);
        while (n <= page) n *= 2;
        this.near = grown(this.near, n);
      }
      this.near[page] = slot + 1;
    } else {
      if (this.dir === NO_DIR) this.dir = new Map();
      this.dir.set(page, slot);
    }
    this.lastPage = page;
    this.lastSlot = slot;
    return slot;
  }
}
