/**
 * `VmQueryIter` (FG4.15.4): iterates the mapped and unmapped pieces of a range of a VmSpace.
 * Each `Mapped` item owns a Frame handle (a clone): drop it when done.
 * @module
 */
import type { Frame } from '../handles/index.js';
import type { Cursor, PageProperty } from '../page-table/index.js';

/** `VmQueryResult`. */
export type VmQueryResult =
  | { readonly kind: 'NotMapped'; readonly va: bigint; readonly len: number }
  | { readonly kind: 'Mapped'; readonly va: bigint; readonly frame: Frame; readonly prop: PageProperty };

/** `VmQueryIter`: an iterator over a read cursor; `drop` (or exhausting it) releases the cursor. */
export class VmQueryIter implements IterableIterator<VmQueryResult> {
  private done = false;

  constructor(private readonly cursor: Cursor) {}

  /** `Iterator::next`. */
  next(): IteratorResult<VmQueryResult> {
    if (this.done) return { done: true, value: undefined };
    const r = this.cursor.next();
    if (r === null) {
      this.drop();
      return { done: true, value: undefined };
    }
    // User space maps only tracked frames: 232e62b's `unreachable!()` for MappedUntracked.
    if (r.kind === 'MappedUntracked') throw new Error('unreachable: untracked mapping in user space');
    return { done: false, value: r };
  }

  /** Releases the cursor's locks. */
  drop(): void {
    if (this.done) return;
    this.done = true;
    this.cursor.drop();
  }

  [Symbol.iterator](): IterableIterator<VmQueryResult> {
    return this;
  }
}
