/**
 * Lock classes, as Linux's lockdep has them: every lock instance belongs to a class, and
 * ordering rules are stated and checked per class, so one observed order (A then B) speaks for
 * all instances. Classes are interned by name, so a class means the same thing in every run.
 * @module
 */
import { LockClassError } from './errors.js';

/**
 * A protocol declared on a hierarchical class:
 * - `none`: no hierarchy; holding two instances of the class at once is reported as possible
 *   recursive locking (lockdep's rule), unless the class is declared hierarchical.
 * - `root-to-leaf`: instances carry a level, numbered as in the seed (the root has the highest
 *   level, 4 with 4-level paging; leaves are level 1). Acquire strictly from root to leaf
 *   (decreasing levels), release from leaf to root (FG4.11's page-table cursor protocol).
 */
export type LockProtocol = 'none' | 'root-to-leaf';

/** A lock class. Create with {@link lockClass}. */
export class LockClass {
  /** @internal use {@link lockClass}. */
  constructor(
    /** The class name, e.g. `frame-allocator` or `page-table-node`. */
    readonly name: string,
    /** The declared protocol. */
    readonly protocol: LockProtocol,
  ) {}
}

const registry = new Map<string, LockClass>();

/**
 * The lock class named `name`, created on first use. Declaring a protocol for a name that
 * already has a different one throws, so a class cannot silently change meaning.
 */
export function lockClass(name: string, opts: { protocol?: LockProtocol } = {}): LockClass {
  const existing = registry.get(name);
  if (existing) {
    if (opts.protocol !== undefined && opts.protocol !== existing.protocol) {
      throw new LockClassError(name, `already declared with protocol '${existing.protocol}', not '${opts.protocol}'`);
    }
    return existing;
  }
  const c = new LockClass(name, opts.protocol ?? 'none');
  registry.set(name, c);
  return c;
}
