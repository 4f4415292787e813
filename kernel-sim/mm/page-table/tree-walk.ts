/**
 * The one walker of a page-table tree in physical memory: each present entry of a node in index
 * order, decoded (leaf or child table, its physical address, its first virtual page), the caller
 * deciding whether to descend. The tree checks (invariants, refinement, Target 8) and
 * `PageTablePageMeta::on_drop` all read the tree through it.
 * @module
 */
import { NR_ENTRIES_PER_NODE } from './paging-consts.js';
import { isLastLo, isPresentLo, paddrOf, type PteEncoding } from './pte.js';

/** What the walker reads: the two 32-bit halves of entry `idx` of the node at `node`. */
export interface TableReader {
  readonly enc: PteEncoding;
  readLo(node: number, idx: number): number;
  readHi(node: number, idx: number): number;
}

/** A present entry. One object per node is reused: valid during the call only. */
export interface PresentEntry {
  index: number;
  lo: number;
  hi: number;
  /** A leaf (level 1, or a huge page), not a child table. */
  last: boolean;
  /** The child table's or the mapped page's physical address. */
  paddr: number;
  /** The first virtual page number the entry covers. */
  vpn: number;
}

/**
 * Calls `fn` with each present entry of `node` (a level-`level` node covering pages from
 * `baseVpn`) at indices `first..last`, in order; returns how many were present.
 */
export function forEachPresent(t: TableReader, node: number, level: number, baseVpn: number, fn: (e: PresentEntry) => void, first = 0, last = NR_ENTRIES_PER_NODE - 1): number {
  const span = 512 ** (level - 1);
  const e: PresentEntry = { index: 0, lo: 0, hi: 0, last: false, paddr: 0, vpn: 0 };
  let present = 0;
  for (let i = first; i <= last; i++) {
    const lo = t.readLo(node, i);
    if (!isPresentLo(lo)) continue;
    present++;
    const hi = t.readHi(node, i);
    e.index = i;
    e.lo = lo;
    e.hi = hi;
    e.last = isLastLo(lo, level);
    e.paddr = paddrOf(lo, hi, t.enc, e.last && level > 1);
    e.vpn = baseVpn + i * span;
    fn(e);
  }
  return present;
}

/** What {@link walkTree} calls, depth first. */
export interface TreeVisitor {
  /** Before a node's entries. */
  enter?(node: number, level: number, baseVpn: number): void;
  /** A present entry of `node`; returning true descends into its child table (non-leaves only). */
  entry(node: number, level: number, e: PresentEntry): boolean | void;
  /** After a node's entries, with how many (in range) were present. */
  exit?(node: number, level: number, present: number): void;
}

/**
 * Walks the tree under `root` (a level-`level` node covering pages from 0), depth first in index
 * order. `range` (virtual page numbers, half-open) limits every node to the entries that overlap it.
 */
export function walkTree(t: TableReader, root: number, level: number, v: TreeVisitor, range?: { readonly from: number; readonly to: number }): void {
  const visit = (node: number, lvl: number, baseVpn: number): void => {
    v.enter?.(node, lvl, baseVpn);
    let first = 0;
    let last = NR_ENTRIES_PER_NODE - 1;
    if (range !== undefined) {
      const span = 512 ** (lvl - 1);
      first = Math.max(0, Math.floor((range.from - baseVpn) / span));
      last = Math.min(last, Math.ceil((range.to - baseVpn) / span) - 1);
    }
    const present = forEachPresent(t, node, lvl, baseVpn, (e) => {
      if (v.entry(node, lvl, e) === true && !e.last) {
        const child = e.paddr;
        const vpn = e.vpn;
        visit(child, lvl - 1, vpn);
      }
    }, first, last);
    v.exit?.(node, lvl, present);
  };
  visit(root, level, 0);
}
