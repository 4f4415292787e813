/**
 * The page-table layer's own invariants — Verification Targets 9-12 — as functions returning
 * what broke (one line each, empty when all hold). In checking mode the per-operation forms run
 * after each operation and throw `InvariantViolation`:
 * - Target 9 (`overwrite_pte`, O(1)): the previous child's ref_count fell by one exactly when it
 *   was a page table or (with `in_untracked_range` false) a frame, and was unchanged otherwise;
 *   `nr_children` moved by FG4.10.10's table; the PTE holds what was asked; a tracked frame's
 *   reference is not left behind (NOE-03's leak).
 * - Targets 10 and 11 (the cursor, O(levels)): `va` within the barrier (or at its end), no
 *   guard below `level`, `level <= guard_level`, a guard at every level from `level` to
 *   `guard_level`, each holding its node's lock byte.
 * - Target 12 (`map`, O(levels)): a walk from the root finds exactly the frame and property
 *   asked at the address, at level 1, and the cursor moved past it.
 * {@link treeViolations} sweeps a whole tree for checkpoints.
 * @module
 */
import { hex, PAGE_SIZE } from '../../machine/index.js';
import { InvariantViolation, PAGE_USAGE, PT_META_OFFSETS } from '../page/index.js';
import type { PageTableContext } from './context.js';
import type { PageTableNode } from './node.js';
import { propEquals, type PageProperty } from './page-prop.js';
import { isLastLo, isPresentLo, paddrOf, propOf } from './pte.js';
import { walkTree } from './tree-walk.js';

/** What Target 9 needs to know from before an `overwrite_pte`. */
export interface OverwriteBefore {
  readonly present: boolean;
  readonly last: boolean;
  readonly child: number;
  readonly childRefCount: number;
  readonly trackedChild: boolean;
  readonly nrChildren: number;
  readonly inUntrackedRange: boolean;
}

/** Target 9: the state before `overwrite_pte(idx, ...)`. */
export function overwriteBefore(node: PageTableNode, idx: number, inUntrackedRange: boolean): OverwriteBefore {
  const ctx = node.ctx;
  const lo = ctx.readLo(node.pa, idx);
  const present = isPresentLo(lo);
  const last = present && isLastLo(lo, node.lvl);
  const child = present ? paddrOf(lo, ctx.readHi(node.pa, idx), ctx.enc, last && node.lvl > 1) : 0;
  const frame = child / PAGE_SIZE;
  return {
    present,
    last,
    child,
    childRefCount: present && ctx.pages.meta.hasSlot(frame) ? ctx.pages.meta.refCount(frame) : 0,
    // A device page table never takes a frame's handle (DeviceMode is all untracked), so its
    // leaf at a frame some Segment owns is no forgotten handle of the table's; nor does a huge
    // leaf (tracked frames are mapped 4 KiB at a time): the linear map's 2 MiB page whose first
    // frame a Segment owns, split by a cache-policy change, leaks nothing.
    trackedChild: present && last && node.lvl === 1 && ctx.enc.format !== 'vtd-second-level' && ctx.isTrackedFrame(child),
    nrChildren: node.nrValidChildren(),
    inUntrackedRange,
  };
}

/** Target 9 after `overwrite_pte`: throws `InvariantViolation` listing what broke. */
export function overwriteAfter(node: PageTableNode, idx: number, present: boolean, lo: number, hi: number, b: OverwriteBefore): void {
  const v: string[] = [];
  const ctx = node.ctx;
  // Formatted only for a report: this check runs on every PTE write in checking mode.
  const at = (): string => `index ${idx} of node ${hex(node.pa)} (level ${node.lvl})`;
  const nowLo = ctx.readLo(node.pa, idx);
  const nowHi = ctx.readHi(node.pa, idx);
  if (present ? nowLo !== lo >>> 0 || nowHi !== hi >>> 0 : nowLo !== 0 || nowHi !== 0) v.push(`${at()}: the PTE does not hold what was written`);
  const nr = node.nrValidChildren();
  const expectNr = b.nrChildren + (b.present ? (present ? 0 : -1) : present ? 1 : 0);
  if (nr !== expectNr) v.push(`${at()}: nr_children ${nr}, expected ${expectNr} (FG4.10.10)`);
  if (b.present) {
    const drops = !b.last || !b.inUntrackedRange;
    const rc = ctx.pages.meta.refCount(b.child / PAGE_SIZE);
    const sameAsNew = present && paddrOf(lo, hi, ctx.enc, b.last && node.lvl > 1) === b.child;
    const expectRc = b.childRefCount - (drops ? 1 : 0);
    if (!sameAsNew && rc !== expectRc) v.push(`${at()}: ref_count of previous child ${hex(b.child)} is ${rc}, expected ${expectRc}`);
    if (b.last && b.inUntrackedRange && b.trackedChild) {
      v.push(`${at()}: tracked frame ${hex(b.child)} overwritten with in_untracked_range = true: its reference is never dropped (leak, NOE-03)`);
    }
  }
  if (v.length > 0) throw new InvariantViolation(9, 'PageTableNode::overwrite_pte', v);
}

/** The cursor state Targets 10 and 11 look at. */
export interface CursorView {
  readonly ctx: PageTableContext;
  readonly level: number;
  readonly guardLevel: number;
  readonly vpn: number;
  readonly barrierStartVpn: number;
  readonly barrierEndVpn: number;
  guardAt(level: number): PageTableNode | null;
}

/** Target 10 (boundary) and Target 11 (guards) on a cursor. */
export function cursorViolations(c: CursorView): { t10: string[]; t11: string[] } {
  const t10: string[] = [];
  const t11: string[] = [];
  const n = c.ctx.consts.nrLevels;
  if (c.vpn < c.barrierStartVpn) t10.push(`va page ${hex(c.vpn * PAGE_SIZE)} below barrier_va.start`);
  if (c.level > c.guardLevel) t11.push(`level ${c.level} > guard_level ${c.guardLevel}`);
  for (let l = 1; l <= n; l++) {
    const g = c.guardAt(l);
    if (l < c.level && g !== null) t11.push(`a guard is held at level ${l}, below the cursor's level ${c.level}`);
    if (l > c.guardLevel && g !== null) t11.push(`a guard is held at level ${l}, above guard_level ${c.guardLevel}`);
    if (l >= c.level && l <= c.guardLevel) {
      if (g === null) t11.push(`no guard at level ${l} (level ${c.level}..guard_level ${c.guardLevel} must be locked)`);
      else if (g.lvl !== l) t11.push(`the guard at level ${l} holds a level-${g.lvl} node`);
      else if (c.ctx.pages.meta.innerU8(g.pa / PAGE_SIZE, PT_META_OFFSETS.lock) !== 1) t11.push(`the guard at level ${l} (node ${hex(g.pa)}) does not hold its lock byte`);
    }
  }
  return { t10, t11 };
}

/** Throws for Target 10/11 violations after `point`. */
export function reportCursor(c: CursorView, point: string): void {
  const { t10, t11 } = cursorViolations(c);
  if (t11.length > 0) throw new InvariantViolation(11, point, t11);
  if (t10.length > 0) throw new InvariantViolation(10, point, t10);
}

/** A walk's result: the leaf's address, level and property, or null. */
export interface WalkLeaf {
  readonly paddr: number;
  readonly level: number;
  readonly prop: PageProperty;
}

/** Walks from `root` to the leaf of virtual page `vpn`. */
export function walkVpn(ctx: PageTableContext, root: number, vpn: number): WalkLeaf | null {
  let node = root;
  for (let level = ctx.consts.nrLevels; level >= 1; level--) {
    const idx = Math.floor(vpn / 512 ** (level - 1)) % 512;
    const lo = ctx.readLo(node, idx);
    if (!isPresentLo(lo)) return null;
    const hi = ctx.readHi(node, idx);
    const last = isLastLo(lo, level);
    const pa = paddrOf(lo, hi, ctx.enc, last && level > 1);
    if (last) return { paddr: pa, level, prop: propOf(lo, hi, level, ctx.enc) };
    node = pa;
  }
  return null;
}

/** Target 12 after `map`: the walk finds exactly the frame and property asked. */
export function mapViolations(ctx: PageTableContext, root: number, vpn: number, paddr: number, prop: PageProperty, cursorVpn: number): string[] {
  const v: string[] = [];
  const leaf = walkVpn(ctx, root, vpn);
  const at = `page ${hex(vpn * PAGE_SIZE)} (low address bits)`;
  if (leaf === null) v.push(`${at}: not mapped after map`);
  else {
    if (leaf.paddr !== paddr) v.push(`${at}: mapped to ${hex(leaf.paddr)}, not the frame ${hex(paddr)}`);
    if (leaf.level !== 1) v.push(`${at}: mapped at level ${leaf.level}, not as a 4 KiB page`);
    const want = ctx.enc.presentIsR ? { ...prop, flags: prop.flags | 1 } : prop;
    if (!propEquals(leaf.prop, want)) v.push(`${at}: property reads back as ${JSON.stringify(leaf.prop)}, asked ${JSON.stringify(want)}`);
  }
  if (cursorVpn !== vpn + 1) v.push(`${at}: the cursor is at page ${hex(cursorVpn * PAGE_SIZE)} after map, not the next page`);
  return v;
}

/**
 * The whole tree under `root` (level `level`): `nr_children` equals the present PTEs of every
 * node; each node is a PageTable page of the right level, reachable once per reference; leaves
 * in tracked ranges are Frame pages with a forgotten handle per mapping.
 * @param isTracked says whether a leaf at a virtual page is in a tracked range.
 */
export function treeViolations(ctx: PageTableContext, root: number, level: number, isTracked: (vpn: number) => boolean): string[] {
  const v: string[] = [];
  const refsFromTree = new Map<number, number>();
  const frameMaps = new Map<number, number>();
  const meta = ctx.pages.meta;
  walkTree(ctx, root, level, {
    enter: (node, lvl) => {
      const f = node / PAGE_SIZE;
      if (meta.usage(f) !== PAGE_USAGE.PageTable) v.push(`node ${hex(node)}: usage is not PageTable`);
      if (meta.innerU8(f, PT_META_OFFSETS.level) !== lvl) v.push(`node ${hex(node)}: level ${meta.innerU8(f, PT_META_OFFSETS.level)} in its metadata, ${lvl} in the tree`);
    },
    entry: (node, lvl, e) => {
      if (!e.last) {
        const seen = refsFromTree.get(e.paddr) ?? 0;
        refsFromTree.set(e.paddr, seen + 1);
        return seen === 0;
      }
      if (isTracked(e.vpn)) {
        if (lvl !== 1) v.push(`node ${hex(node)} index ${e.index}: a tracked mapping at level ${lvl}`);
        frameMaps.set(e.paddr, (frameMaps.get(e.paddr) ?? 0) + 1);
      }
      return false;
    },
    exit: (node, _lvl, present) => {
      const nr = meta.innerU16(node / PAGE_SIZE, PT_META_OFFSETS.nrChildren);
      if (nr !== present) v.push(`node ${hex(node)}: nr_children ${nr} but ${present} present PTEs`);
    },
  });
  for (const [pa, n] of refsFromTree) {
    const rc = ctx.pages.meta.refCount(pa / PAGE_SIZE);
    if (rc < n) v.push(`node ${hex(pa)}: ref_count ${rc} below the ${n} PTEs pointing to it`);
  }
  for (const [pa, n] of frameMaps) {
    const f = pa / PAGE_SIZE;
    if (ctx.pages.meta.usage(f) !== PAGE_USAGE.Frame) v.push(`frame ${hex(pa)}: mapped as tracked but its usage is not Frame`);
    else if (ctx.pages.ledger.raw(f) < n) v.push(`frame ${hex(pa)}: mapped ${n} times but has ${ctx.pages.ledger.raw(f)} forgotten handles`);
  }
  return v;
}
