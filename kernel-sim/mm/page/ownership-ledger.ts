/**
 * The ownership ledger: how many owners each page frame has, counted apart from the slot's
 * `ref_count`, so that Verification Target 5 ("ref_count equals the number of owners") can be
 * checked. Owners are live {@link Page} handles and forgotten handles (`into_raw`, held as a
 * bare physical address by a page table or a `Segment`). Counts live in lazily chunked typed
 * arrays, so a touched frame costs two words and an untouched one nothing.
 *
 * Forgotten handles are counted in every mode (that is how `from_raw` of a page that was never
 * forgotten is refused); live handles too, since the cost is one array update per operation.
 * @module
 */
import { LazyChunks } from './meta/lazy-chunks.js';

/** Live and forgotten page handles per frame. */
export class OwnershipLedger {
  private readonly liveCol = new LazyChunks((n) => new Uint32Array(n));
  private readonly rawCol = new LazyChunks((n) => new Uint32Array(n));
  private liveTotal = 0;
  private rawTotal = 0;

  /** Live handles of `frame`. */
  live(frame: number): number {
    return this.liveCol.get(frame);
  }

  /** Forgotten (raw) handles of `frame`. */
  raw(frame: number): number {
    return this.rawCol.get(frame);
  }

  /** All owners of `frame`: live + forgotten. */
  owners(frame: number): number {
    return this.liveCol.get(frame) + this.rawCol.get(frame);
  }

  /** Live handles over all frames. */
  get liveHandles(): number {
    return this.liveTotal;
  }

  /** Forgotten handles over all frames. */
  get rawHandles(): number {
    return this.rawTotal;
  }

  /** Adds `delta` (+1 or -1) live handles to `frame`. */
  addLive(frame: number, delta: number): void {
    this.liveCol.add(frame, delta);
    this.liveTotal += delta;
  }

  /** Adds `delta` (+1 or -1) forgotten handles to `frame`. */
  addRaw(frame: number, delta: number): void {
    this.rawCol.add(frame, delta);
    this.rawTotal += delta;
  }

  /** Adds `delta` forgotten handles to each frame of [start, start + n) (bulk: O(chunks) for whole chunks). */
  addRawRange(start: number, n: number, delta: number): void {
    this.rawCol.addRange(start, n, delta);
    this.rawTotal += delta * n;
  }

  /** Bytes of typed arrays the ledger holds. */
  get bytes(): number {
    return this.liveCol.bytes + this.rawCol.bytes;
  }

  /** Chunk numbers with any counts, for whole-state sweeps. */
  chunkNumbers(): number[] {
    return [...new Set([...this.liveCol.chunkNumbers(), ...this.rawCol.chunkNumbers()])].sort((a, b) => a - b);
  }
}
