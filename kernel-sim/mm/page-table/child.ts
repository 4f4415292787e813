/**
 * `Child<E, C>` (FG4.10.9): what a PTE of a locked node holds, as a handle with its own
 * reference (`child()` raises the count of a page table or a tracked frame).
 * @module
 */
import type { Frame } from '../handles/index.js';
import type { RawPageTableNode } from './raw-node.js';

/** `Child::PageTable`, `Child::Frame`, `Child::Untracked` or `Child::None`. */
export type Child =
  | { readonly kind: 'PageTable'; readonly node: RawPageTableNode }
  | { readonly kind: 'Frame'; readonly frame: Frame }
  | { readonly kind: 'Untracked'; readonly paddr: number }
  | { readonly kind: 'None' };

/** `Child::None`. */
export const CHILD_NONE: Child = Object.freeze({ kind: 'None' });
