/**
 * The flat view of a page table (the seed's `PageTableMapModel`): virtual page number →
 * (physical address, property), kept as the operations' contracts say — `map` maps one page,
 * `map_pa` a physical run, `unmap` empties its range, `protect` applies its op to the mapped
 * pages of its range. It is ghost state: checking mode keeps it next to the real table, and the
 * three-view refinement (`refinement.ts`) compares it with what the tree holds.
 *
 * Runs of consecutive pages with consecutive frames and one property are stored as one entry,
 * so the linear map of a 1 TiB machine is a handful of runs.
 * @module
 */
import type { PageProperty } from './page-prop.js';
import { propEquals } from './page-prop.js';

/** A run of mapped pages: `pages` pages from `vpn`, the first at physical address `pa`. */
export interface FlatRun {
  readonly vpn: number;
  readonly pages: number;
  readonly pa: number;
  readonly prop: PageProperty;
}

const PAGE = 4096;

/** `PageTableMapModel`: the flat view, as sorted, non-overlapping runs. */
export class FlatView {
  private list: FlatRun[] = [];

  /** The runs, sorted by `vpn`, adjacent ones that continue each other merged. */
  runs(): readonly FlatRun[] {
    return this.list;
  }

  /** The mapping of page `vpn`: its physical address and property, or null. */
  at(vpn: number): { readonly pa: number; readonly prop: PageProperty } | null {
    const i = this.indexAfter(vpn) - 1;
    const r = this.list[i];
    return r !== undefined && vpn < r.vpn + r.pages ? { pa: r.pa + (vpn - r.vpn) * PAGE, prop: r.prop } : null;
  }

  /** Maps `pages` pages from `vpn` to the frames from `pa`, replacing what was there. */
  set(vpn: number, pages: number, pa: number, prop: PageProperty): void {
    if (pages <= 0) return;
    this.clear(vpn, vpn + pages);
    const p = { flags: prop.flags, cache: prop.cache, privFlags: prop.privFlags };
    this.insert({ vpn, pages, pa, prop: p });
  }

  /** Unmaps the pages of `[from, to)`. */
  clear(from: number, to: number): void {
    if (to <= from) return;
    const i = Math.max(0, this.indexAfter(from) - 1);
    let j = i;
    const keep: FlatRun[] = [];
    for (; j < this.list.length && this.list[j]!.vpn < to; j++) {
      const r = this.list[j]!;
      const end = r.vpn + r.pages;
      if (end <= from) {
        keep.push(r);
        continue;
      }
      if (r.vpn < from) keep.push({ ...r, pages: from - r.vpn });
      if (end > to) keep.push({ vpn: to, pages: end - to, pa: r.pa + (to - r.vpn) * PAGE, prop: r.prop });
    }
    this.list.splice(i, j - i, ...keep);
  }

  /** Applies `op` to a copy of the property of every mapped page in `[from, to)`. */
  protect(from: number, to: number, op: (prop: PageProperty) => void): void {
    const changed: FlatRun[] = [];
    for (let i = Math.max(0, this.indexAfter(from) - 1); i < this.list.length; i++) {
      const r = this.list[i]!;
      if (r.vpn >= to) break;
      const s = Math.max(from, r.vpn);
      const e = Math.min(to, r.vpn + r.pages);
      if (s >= e) continue;
      const prop = { flags: r.prop.flags, cache: r.prop.cache, privFlags: r.prop.privFlags };
      op(prop);
      changed.push({ vpn: s, pages: e - s, pa: r.pa + (s - r.vpn) * PAGE, prop });
    }
    for (const r of changed) this.set(r.vpn, r.pages, r.pa, r.prop);
  }

  /** A copy holding only the pages of `[from, to)` (fork copies the user half). */
  slice(from: number, to: number): FlatView {
    const v = new FlatView();
    for (const r of this.list) {
      const s = Math.max(from, r.vpn);
      const e = Math.min(to, r.vpn + r.pages);
      if (s < e) v.list.push({ vpn: s, pages: e - s, pa: r.pa + (s - r.vpn) * PAGE, prop: r.prop });
    }
    return v;
  }

  // First index whose run starts after vpn.
  private indexAfter(vpn: number): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.list[mid]!.vpn <= vpn) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // Inserts a run into a gap, merging with neighbours it continues.
  private insert(r: FlatRun): void {
    const i = this.indexAfter(r.vpn);
    const prev = this.list[i - 1];
    const next = this.list[i];
    let run = r;
    let at = i;
    let del = 0;
    if (prev !== undefined && continues(prev, run)) {
      run = { ...prev, pages: prev.pages + run.pages };
      at = i - 1;
      del = 1;
    }
    if (next !== undefined && continues(run, next)) {
      run = { ...run, pages: run.pages + next.pages };
      del++;
    }
    this.list.splice(at, del, run);
  }
}

/** True when `b` starts where `a` ends, in both address spaces, with the same property. */
export function continues(a: FlatRun, b: FlatRun): boolean {
  return a.vpn + a.pages === b.vpn && a.pa + a.pages * PAGE === b.pa && propEquals(a.prop, b.prop);
}
