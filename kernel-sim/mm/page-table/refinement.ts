/**
 * The three-view refinement of the seed's `PageTableModel` (Verification Targets 9-12): the
 * tree view (the nodes the kernel built, read with its own PTE code), the path view (each
 * page's walk as the processor reads it, `path-view.ts`) and the flat view (the mapping the
 * operations' contracts promise, `flat-view.ts`) must agree — `tree_to_path_refinement`,
 * `path_to_flat_refinement` and `tree_to_flat_refinement`.
 *
 * "For all pages" is checked per leaf: every 4 KiB page under one leaf entry has the same path,
 * so one walk at the leaf's first page stands for all of them; the flat comparison runs over
 * runs of pages. The check covers the page table's own half (a user table's shared kernel half
 * is checked in the kernel's table). Properties are compared without ACCESSED and DIRTY, which
 * the processor sets on its own, and with R added when MOM-04's encoding reads presence as R.
 * @module
 */
import { hex } from '../../machine/index.js';
import { continues, FlatView, type FlatRun } from './flat-view.js';
import type { PageProperty } from './page-prop.js';
import { PageFlags, propEquals } from './page-prop.js';
import type { PageTable } from './page-table.js';
import { newPathWalk, walkPathNext } from './path-view.js';
import { propOf } from './pte.js';
import { walkTree } from './tree-walk.js';
import { endVpnOf, vaOfVpn, vpnOf } from './vaddr.js';

/** What the refinement check found. */
export interface RefinementReport {
  /** `tree_to_path_refinement`: a walk does not read the nodes the tree has for the page. */
  readonly treeToPath: string[];
  /** `path_to_flat_refinement`: what the walks map differs from the flat view. */
  readonly pathToFlat: string[];
  /** `tree_to_flat_refinement`: what the tree maps differs from the flat view. */
  readonly treeToFlat: string[];
  /** Nodes and leaf entries visited. */
  readonly nodes: number;
  readonly leaves: number;
}

const MAX_LINES = 12;
const PAGE = 4096;
const AD = PageFlags.ACCESSED | PageFlags.DIRTY;

/**
 * Checks the three views of `pt` against each other. `flat` defaults to the table's own flat
 * view (kept in checking mode); without one, only `tree_to_path` is checked. `range` (page
 * numbers, default the mode's space) limits the check; leaves reaching past it are clipped.
 */
export function refinementViolations(pt: PageTable, flat: FlatView | null = pt.flat, range?: { readonly from: number; readonly to: number }): RefinementReport {
  const ctx = pt.ctx;
  const c = ctx.consts;
  const enc = ctx.enc;
  const mem = ctx.memory;
  const from = range?.from ?? vpnOf(c, pt.mode.start);
  const to = range?.to ?? endVpnOf(c, pt.mode.end);
  const norm = (p: PageProperty): PageProperty => ({ flags: (p.flags & ~AD) | (enc.presentIsR ? PageFlags.R : 0), cache: p.cache, privFlags: p.privFlags });
  const pathMask = enc.tdx ? 2 ** 51 : 2 ** 52;
  const treeToPath: string[] = [];
  const treeRuns = new RunBuilder();
  const pathRuns = new RunBuilder();
  const walk = newPathWalk();
  const stack: number[] = [];
  let nodes = 0;
  let leaves = 0;
  walkTree(ctx, pt.rootPaddr(), c.nrLevels, {
    enter: (node) => {
      nodes++;
      stack.push(node);
    },
    entry: (_node, level, { lo, hi, last, paddr: pa, vpn }) => {
      if (!last) return true;
      leaves++;
      const prop = norm(propOf(lo, hi, level, enc));
      const run = clip({ vpn, pages: 512 ** (level - 1), pa, prop }, from, to);
      treeRuns.add(run);
      // Leaves come in page order and nothing writes during the check: each walk reuses the last one's upper tables.
      walkPathNext(mem, pt.rootPaddr(), c.nrLevels, vpn, walk);
      const bad = pathMismatch(walk, stack, level, lo, hi, pa, pathMask);
      if (bad === null) {
        pathRuns.add(run); // the same entry at the same level and base: the same run
        return false;
      }
      if (treeToPath.length < MAX_LINES) treeToPath.push(`${hex(vaOfVpn(c, vpn))}: ${bad}`);
      if (walk.level > 0) pathRuns.add(clip({ vpn, pages: 512 ** (walk.level - 1), pa: walk.base % pathMask, prop: norm(propOf(walk.lo, walk.hi, walk.level, enc)) }, from, to));
      return false;
    },
    exit: () => {
      stack.pop();
    },
  }, { from, to });
  const flatRuns = flat === null ? null : normalize((range === undefined ? flat : flat.slice(from, to)).runs(), norm);
  const say = (vpn: number): string => hex(vaOfVpn(c, vpn));
  return {
    treeToPath,
    pathToFlat: flatRuns === null ? [] : diffRuns(pathRuns.done(), flatRuns, 'the walk', 'the flat view', say),
    treeToFlat: flatRuns === null ? [] : diffRuns(treeRuns.done(), flatRuns, 'the tree', 'the flat view', say),
    nodes,
    leaves,
  };
}

// Why the processor's walk differs from the tree's path to a leaf, or null.
function pathMismatch(w: ReturnType<typeof newPathWalk>, tables: readonly number[], level: number, lo: number, hi: number, pa: number, mask: number): string | null {
  if (w.level !== level) return w.level === 0 ? `the walk finds no page (absent entry after ${w.tables.length} tables); the tree has a level-${level} leaf` : `the walk ends at level ${w.level}, the tree's leaf is at level ${level}`;
  for (let i = 0; i < tables.length; i++) {
    if (w.tables[i] !== tables[i]) return `the walk reads table ${hex(w.tables[i] ?? 0)} at depth ${i}, the tree has node ${hex(tables[i]!)}`;
  }
  if (w.lo !== lo || w.hi !== hi) return 'the walk reads a different leaf entry than the tree';
  if (w.base % mask !== pa) return `the walk maps ${hex(w.base)}, the tree ${hex(pa)}`;
  return null;
}

// The part of a run inside [from, to).
function clip(r: FlatRun, from: number, to: number): FlatRun {
  if (r.vpn >= from && r.vpn + r.pages <= to) return r;
  const s = Math.max(from, r.vpn);
  const e = Math.min(to, r.vpn + r.pages);
  return { vpn: s, pages: e - s, pa: r.pa + (s - r.vpn) * PAGE, prop: r.prop };
}

// Builds merged runs from runs added in page order. The open run grows in place (a linear map
// adds a quarter of a million 4 KiB leaves that merge into a few runs).
class RunBuilder {
  private readonly list: FlatRun[] = [];
  private open: { vpn: number; pages: number; pa: number; prop: PageProperty } | null = null;

  add(r: FlatRun): void {
    const o = this.open;
    if (o !== null && continues(o, r)) {
      o.pages += r.pages;
      return;
    }
    if (o !== null) this.list.push(o);
    this.open = { vpn: r.vpn, pages: r.pages, pa: r.pa, prop: r.prop };
  }

  done(): readonly FlatRun[] {
    if (this.open !== null) this.list.push(this.open);
    this.open = null;
    return this.list;
  }
}

function normalize(runs: readonly FlatRun[], norm: (p: PageProperty) => PageProperty): readonly FlatRun[] {
  const b = new RunBuilder();
  for (const r of runs) b.add({ ...r, prop: norm(r.prop) });
  return b.done();
}

/** Where two sorted run lists map pages differently, one line per differing stretch. */
function diffRuns(a: readonly FlatRun[], b: readonly FlatRun[], nameA: string, nameB: string, say: (vpn: number) => string): string[] {
  const out: string[] = [];
  let more = 0;
  const report = (s: number, e: number, what: string): void => {
    if (out.length < MAX_LINES) out.push(`${say(s)}..${say(e)}: ${what}`);
    else more++;
  };
  let i = 0;
  let j = 0;
  let p = -1;
  while (i < a.length || j < b.length) {
    const ra = a[i];
    const rb = b[j];
    const sa = ra === undefined ? Infinity : Math.max(ra.vpn, p);
    const sb = rb === undefined ? Infinity : Math.max(rb.vpn, p);
    const s = Math.min(sa, sb);
    if (sa === s && sb === s) {
      const e = Math.min(ra!.vpn + ra!.pages, rb!.vpn + rb!.pages);
      const pa = ra!.pa + (s - ra!.vpn) * PAGE;
      const pb = rb!.pa + (s - rb!.vpn) * PAGE;
      if (pa !== pb) report(s, e, `${nameA} maps ${hex(pa)}, ${nameB} ${hex(pb)}`);
      else if (!propEquals(ra!.prop, rb!.prop)) report(s, e, `${nameA} has property ${JSON.stringify(ra!.prop)}, ${nameB} ${JSON.stringify(rb!.prop)}`);
      p = e;
    } else if (sa === s) {
      p = Math.min(ra!.vpn + ra!.pages, sb);
      report(s, p, `mapped (to ${hex(ra!.pa + (s - ra!.vpn) * PAGE)}) in ${nameA}, not in ${nameB}`);
    } else {
      p = Math.min(rb!.vpn + rb!.pages, sa);
      report(s, p, `mapped (to ${hex(rb!.pa + (s - rb!.vpn) * PAGE)}) in ${nameB}, not in ${nameA}`);
    }
    if (ra !== undefined && ra.vpn + ra.pages <= p) i++;
    if (rb !== undefined && rb.vpn + rb.pages <= p) j++;
  }
  if (more > 0) out.push(`... and ${more} more`);
  return out;
}
