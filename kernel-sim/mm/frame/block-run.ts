/**
 * A sorted run of distinct block numbers below 2^31: {@link BlockSet}'s form while it holds at
 * most {@link RUN_CAPACITY} blocks. The blocks lie ascending in words [lo, hi) of an Int32Array
 * with room at both ends, so popping the lowest is one load, and an insert scans for its place
 * from the end nearer to it (judged by the middle block) and moves the shorter side of the run
 * by one word (a block below or above all the others moves none): at most half the run, in
 * sequential words. For the few hundred free blocks of one order that a churning allocator has,
 * this beats the bitmap form, whose every pop searches three levels of summaries and whose
 * summaries a sparse set keeps setting and clearing. (A binary search lost to the scan: its
 * branches are unpredictable.)
 * @module
 */

/** The most blocks a run holds: a set that would hold more takes its bitmap form. */
export const RUN_CAPACITY = 256;
/** Words first allocated (64 bytes: V8 keeps typed arrays up to that size on its own heap). */
const FIRST_WORDS = 16;
const NO_WORDS = new Int32Array(0);
// Words an insert or a removal may move for free; each word past that adds to the run's debt.
const FREE_MOVES = 8;
/**
 * Debt past which the run is {@link BlockRun.runCrowded}: blocks come and go in its middle
 * (about FREE_MOVES + 32 words a time over 32 operations, or more words over fewer), where
 * the bitmap form's insert and delete cost a few word operations.
 */
export const RUN_DEBT_LIMIT = 1024;

/**
 * Up to {@link RUN_CAPACITY} distinct block numbers in [0, 2^31), lowest first. BlockSet extends
 * it, so the run's fields are the set's own (no second object to load on the hot paths); hence
 * the `run` prefixes, and its operations are protected: a set's caller uses the set's.
 */
export class BlockRun {
  private runWords: Int32Array = NO_WORDS;
  private runLo = 0;
  private runHi = 0;
  // Words moved past FREE_MOVES per insert or removal, summed, less FREE_MOVES per cheaper one.
  private runDebt = 0;

  /** Number of blocks. */
  protected get runSize(): number {
    return this.runHi - this.runLo;
  }

  /**
   * True when inserts and removals have been moving many words (see RUN_DEBT_LIMIT): the set
   * should take its bitmap form. A run whose blocks come and go near its ends never is.
   */
  protected get runCrowded(): boolean {
    return this.runDebt > RUN_DEBT_LIMIT;
  }

  /** The lowest block, or -1 when the run is empty. */
  protected runMin(): number {
    return this.runHi > this.runLo ? this.runWords[this.runLo]! : -1;
  }

  /** Removes and returns the lowest block, or -1 when the run is empty. */
  protected runPopMin(): number {
    return this.runHi > this.runLo ? this.runWords[this.runLo++]! : -1;
  }

  /** True when block `p` is in the run. */
  protected runHas(p: number): boolean {
    const i = this.runPlace(p);
    return i < this.runHi && this.runWords[i] === p;
  }

  /** Adds block `p` (the run holds fewer than RUN_CAPACITY); false when it was there. */
  protected runInsert(p: number): boolean {
    if (this.runLo === this.runHi) {
      this.runFirst(p);
      return true;
    }
    const i = this.runPlace(p);
    if (i < this.runHi && this.runWords[i] === p) return false;
    this.runInsertAt(i, p);
    return true;
  }

  /** Removes block `p`; false when it was not there. */
  protected runDelete(p: number): boolean {
    const i = this.runPlace(p);
    if (i >= this.runHi || this.runWords[i] !== p) return false;
    this.runRemoveAt(i);
    return true;
  }

  /**
   * The buddy step of a free: removes block `p ^ 1` and returns true when it is in the run,
   * else adds `p` (the run holds fewer than RUN_CAPACITY) and returns false.
   */
  protected runTakeBuddyOrInsert(p: number): boolean {
    if (this.runLo === this.runHi) {
      this.runFirst(p);
      return false;
    }
    const a = this.runWords;
    const i = this.runPlace(p);
    const here = i < this.runHi && a[i] === p;
    if ((p & 1) === 0) {
      // The buddy p + 1 is the next block above p.
      const j = here ? i + 1 : i;
      if (j < this.runHi && a[j] === p + 1) {
        this.runRemoveAt(j);
        return true;
      }
    } else if (i > this.runLo && a[i - 1] === p - 1) {
      this.runRemoveAt(i - 1);
      return true;
    }
    if (!here) this.runInsertAt(i, p);
    return false;
  }

  /**
   * Removes the lowest blocks that lie in the 32-block word from `base` (a multiple of 32) and
   * returns them as bits, bit i for base + i.
   */
  protected runTakeLowWord(base: number): number {
    const a = this.runWords;
    let bits = 0;
    let i = this.runLo;
    for (; i < this.runHi && (a[i]! & ~31) === base; i++) bits |= 1 << (a[i]! & 31);
    this.runLo = i;
    return bits;
  }

  /**
   * Removes the blocks left in the 32-block word of the block the last {@link runPopMin} returned
   * (call it right after) and returns them as bits, bit i for that word's block i.
   */
  protected runTakePoppedWord(): number {
    // The popped block is still in the word below the run's first.
    return this.runLo > 0 ? this.runTakeLowWord(this.runWords[this.runLo - 1]! & ~31) : 0;
  }

  /** The blocks in ascending order. */
  protected runSorted(): number[] {
    return Array.from(this.runWords.subarray(this.runLo, this.runHi));
  }

  // The index of the first block >= p (hi when none), scanned for from the end of the run nearer
  // to p (judged by the middle block).
  private runPlace(p: number): number {
    const a = this.runWords;
    const lo = this.runLo;
    const hi = this.runHi;
    if (lo === hi) return lo;
    if (p <= a[(lo + hi) >>> 1]!) {
      let i = lo;
      while (a[i]! < p) i++;
      return i;
    }
    let i = hi;
    while (a[i - 1]! >= p) i--;
    return i;
  }

  // Puts p in the empty run, in the middle of its words (the ends drift as blocks come and go).
  private runFirst(p: number): void {
    this.runDebt = 0;
    if (this.runWords.length === 0) this.runWords = new Int32Array(FIRST_WORDS);
    const m = this.runWords.length >>> 1;
    this.runWords[m] = p;
    this.runLo = m;
    this.runHi = m + 1;
  }

  // Puts p at index i (between the blocks below and above it), moving the shorter side that has
  // room; with room on neither, or only on the long side, the run is re-centred or grown first.
  private runInsertAt(i: number, p: number): void {
    if (i - this.runLo <= this.runHi - i ? this.runLo === 0 : this.runHi === this.runWords.length) i = this.runRecentre(i);
    const a = this.runWords;
    this.owe(Math.min(i - this.runLo, this.runHi - i));
    // Re-centred, the low end can still lack room (one free word, at the top).
    if (this.runLo > 0 && (i - this.runLo <= this.runHi - i || this.runHi === a.length)) {
      let j = this.runLo - 1;
      for (; j < i - 1; j++) a[j] = a[j + 1]!;
      a[j] = p;
      this.runLo--;
    } else {
      let j = this.runHi;
      for (; j > i; j--) a[j] = a[j - 1]!;
      a[j] = p;
      this.runHi++;
    }
  }

  // Closes the gap at index i, moving the shorter side.
  private runRemoveAt(i: number): void {
    const a = this.runWords;
    this.owe(Math.min(i - this.runLo, this.runHi - 1 - i));
    if (i - this.runLo < this.runHi - 1 - i) {
      for (let j = i; j > this.runLo; j--) a[j] = a[j - 1]!;
      this.runLo++;
    } else {
      for (let j = i; j < this.runHi - 1; j++) a[j] = a[j + 1]!;
      this.runHi--;
    }
  }

  // Adds the words an insert or a removal moves past FREE_MOVES to the debt (never below 0).
  private owe(moved: number): void {
    const d = this.runDebt + moved - FREE_MOVES;
    this.runDebt = d > 0 ? d : 0;
  }

  // Moves the blocks to the middle of the words (grown to twice the blocks, up to the capacity
  // and at least FIRST_WORDS, when they fill half or more), so that both ends have room; returns
  // where index i went.
  private runRecentre(i: number): number {
    const n = this.runHi - this.runLo;
    let a = this.runWords;
    if (2 * n >= a.length && a.length < RUN_CAPACITY) {
      const grown = new Int32Array(Math.max(FIRST_WORDS, Math.min(RUN_CAPACITY, 2 * a.length)));
      a = grown;
    }
    const lo = (a.length - n) >>> 1;
    if (a === this.runWords) a.copyWithin(lo, this.runLo, this.runHi);
    else a.set(this.runWords.subarray(this.runLo, this.runHi), lo);
    const moved = i - this.runLo + lo;
    this.runWords = a;
    this.runLo = lo;
    this.runHi = lo + n;
    return moved;
  }
}
