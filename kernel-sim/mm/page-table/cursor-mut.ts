/**
 * `CursorMut` (FG4.11.8-4.11.13): a {@link Cursor} that maps, unmaps and protects — `jump`,
 * `map` (a 4 KiB `Frame`), `map_pa` (untracked, as huge as alignment allows, splitting untracked
 * huge pages), `unmap`, `protect`, with `level_down_create` and `level_down_split`.
 *
 * Panics are `KernelPanic`s thrown before the page table changes (for `map_pa`/`unmap`, before
 * the operation's first change), except where 232e62b panics midway — CUR-06 audited — which
 * leaves the part already mapped (the table stays consistent).
 *
 * Findings:
 * - CUR-06 (switch): audited, `map_pa` checks `debug_assert!(in_untracked_range())` at each page
 *   it maps, so a huge page starting before a misaligned `VMALLOC_VADDR_RANGE` start is mapped
 *   untracked into the tracked range, and a range running into it panics after mapping its
 *   first part; fixed, the whole range is checked before anything is mapped.
 * - CUR-02 (a needless `continue` and `level` assignment in `map`): no observable effect.
 * - UNM-01 (kernel-sim's own ID; `PageTableContextOptions.unmapSkipsRest` or the bug set selects
 *   232e62b's code): `unmap` at an absent entry breaks out when `va + page_size(level) > end`; for
 *   an unaligned `va` the entry can end before `end`, so the rest of the range — in the next
 *   entries — stays mapped (e.g. unmapping 1 GiB - 2 MiB .. 1 GiB + 2 MiB when nothing below
 *   1 GiB is mapped skips everything above 1 GiB). Default: break only when the absent entry
 *   itself reaches `end`.
 * - `map_pa` of a huge page over a node of smaller untracked pages (found while modelling):
 *   232e62b's `overwrite_pte` drops the node, and `PageTablePageMeta::on_drop` then restores each
 *   untracked page as a `Frame` it never was. The model panics before the PTE changes (the pages
 *   mapped before in the same call stay).
 * - `protect` returns `ProtectingAbsent` / `ProtectingPartial` after changing the pages before
 *   the failing one, as 232e62b does (SPA-01's subject).
 * @module
 */
import { BadAddressError, hex, isPhysAddr } from '../../machine/index.js';
import { KernelPanic } from '../../util/errors.js';
import { Cursor, validateRange } from './cursor.js';
import type { Co } from '../../sync/index.js';
import { CursorLengthError, ProtectingAbsentError, ProtectingPartialError } from './errors.js';
import { mapViolations, reportCursor } from './invariants.js';
import { refinementViolations } from './refinement.js';
import { InvariantViolation } from '../page/index.js';
import { PageTableNode, type MappableFrame } from './node.js';
import { propEquals, type PageProperty } from './page-prop.js';
import { pagesAt, pageSize } from './paging-consts.js';
import type { PageTable } from './page-table.js';
import { isLastLo, isPresentLo, propOf } from './pte.js';
import { endVpnOf, vaOfVpn, vpnOf } from './vaddr.js';

/** `CursorMut<'a, M, E, C>`. */
export class CursorMut extends Cursor {
  // Set by the operations that change the table: drop then checks the three views.
  private changed = false;

  /**
   * `CursorMut::new(pt, va)`.
   * @throws InvalidVaddrRangeError, UnalignedVaddrError, WouldBlockError as `Cursor.new`.
   */
  static override new(pt: PageTable, start: bigint, end: bigint): CursorMut {
    const c = new CursorMut(pt, validateRange(pt, start, end));
    c.descendNow();
    return c;
  }

  /** `CursorMut::new` as a coroutine: every lock acquisition is a preemption point. */
  static override *newSteps(pt: PageTable, start: bigint, end: bigint): Co<CursorMut> {
    const c = new CursorMut(pt, validateRange(pt, start, end));
    yield* c.descendSteps();
    return c;
  }

  /**
   * `jump(va)`: goes up until the current node covers `va`, then points at it.
   * @throws KernelPanic when `va` is outside the barrier or unaligned.
   */
  jump(va: bigint): void {
    this.live('CursorMut::jump');
    const c = this.ctx.consts;
    if (!(va >= this.barrier.start && va < this.barrier.end)) throw new KernelPanic('CursorMut::jump', `assert!(barrier_va.contains(${hex(va)})) failed: barrier ${hex(this.barrier.start)}..${hex(this.barrier.end)}`);
    if (va % BigInt(c.basePageSize) !== 0n) throw new KernelPanic('CursorMut::jump', `assert!(va % BASE_PAGE_SIZE == 0) failed for ${hex(va)}`);
    const target = vpnOf(c, va);
    for (;;) {
      const span = pagesAt(this.level + 1);
      const nodeStart = Math.floor(this.vpn / span) * span;
      if (nodeStart <= target && target < nodeStart + span) break;
      // The cursor may be depleted at the start of an unlocked next node.
      if (this.vpn >= this.barrierEndVpn && this.level === this.guardLevel) break;
      if (this.level >= this.guardLevel) throw new KernelPanic('CursorMut::jump', 'debug_assert!(level < guard_level) failed');
      this.levelUp();
    }
    this.vpn = target;
    if (this.ctx.check) reportCursor(this, 'CursorMut::jump');
  }

  /**
   * `map(frame, prop)`: maps the 4 KiB frame at the current address, creating missing nodes,
   * and moves on. The frame's handle passes to the page table; when `map` fails it is dropped
   * (a panic's unwinding drops it in 232e62b too).
   * @throws KernelPanic past the barrier, in an untracked range, or over a huge page.
   */
  map(frame: MappableFrame, prop: PageProperty): void {
    const page = 'page' in frame ? frame.page : frame;
    const end = this.vpn + 1;
    const vpn = this.vpn;
    const pa = page.paddr();
    try {
      this.live('CursorMut::map'); // a refusal too drops the frame moved in
      this.ctx.encodeProp(prop, 1); // refuse an unencodable property before any change
      if (end > this.barrierEndVpn) throw new KernelPanic('CursorMut::map', `assert!(end <= barrier_va.end) failed: mapping ${hex(this.va)} + 4 KiB`);
      if (this.inUntrackedRange()) throw new KernelPanic('CursorMut::map', `debug_assert!(!in_untracked_range()) failed at ${hex(this.va)}`);
      const htl = this.ctx.consts.highestTranslationLevel;
      while (this.level > htl || this.vpn % pagesAt(this.level) !== 0 || this.vpn + pagesAt(this.level) > end) {
        const lo = this.ctx.readLo(this.curNode().pa, this.curIdx());
        if (isPresentLo(lo) && !isLastLo(lo, this.level)) this.levelDown();
        else if (!isPresentLo(lo)) this.levelDownCreate();
        else throw new KernelPanic('CursorMut::map', `Mapping a smaller page in an already mapped huge page (level ${this.level} at ${hex(this.va)})`);
      }
      this.curNode().setChildFrame(this.curIdx(), page, prop, false);
    } catch (e) {
      // Rust's move: the frame belongs to map now, so every refusal releases it.
      if (page.isLive) page.drop();
      throw e;
    }
    this.moveForward();
    this.changed = true;
    this.pt.flat?.set(vpn, 1, pa, prop);
    if (this.ctx.check) {
      const v = mapViolations(this.ctx, this.pt.root.paddr(), vpn, pa, prop, this.vpn);
      if (v.length > 0) throw new InvariantViolation(12, 'CursorMut::map', v);
    }
  }

  /**
   * `map_pa(pa, prop)`: maps `[pa.start, pa.end)` untracked from the current address with the
   * largest pages alignment allows, splitting untracked huge pages in the way.
   * @throws BadAddressError (nothing changed) for a physical address that is not a whole number
   *   in [0, 2^52]; KernelPanic past the barrier, for an unaligned physical range, or (CUR-06)
   *   in a tracked range.
   */
  mapPa(pa: { readonly start: number; readonly end: number }, prop: PageProperty): void {
    this.live('CursorMut::map_pa');
    const base = this.ctx.consts.basePageSize;
    // A PTE names 52 physical address bits: a larger address would be cut to another frame.
    if (!isPhysAddr(pa.start)) throw new BadAddressError('CursorMut::map_pa: pa.start', pa.start);
    if (!isPhysAddr(pa.end)) throw new BadAddressError('CursorMut::map_pa: pa.end', pa.end);
    if (pa.start % base !== 0 || pa.end % base !== 0 || pa.end < pa.start) {
      // 232e62b would reach level_down_create at level 1 (debug_assert!(level > 1)).
      throw new KernelPanic('CursorMut::map_pa', `physical range ${hex(pa.start)}..${hex(pa.end)} is not base-page aligned`);
    }
    const end = this.vpn + (pa.end - pa.start) / base;
    if (end > this.barrierEndVpn) throw new KernelPanic('CursorMut::map_pa', `assert!(end <= barrier_va.end) failed: ${hex(this.va)} + ${hex(pa.end - pa.start)}`);
    if (!this.ctx.bugs.has('CUR-06')) this.checkUntracked(this.vpn, end);
    const htl = this.ctx.consts.highestTranslationLevel;
    const kernel = this.pt.mode.name === 'KernelMode';
    let ppn = pa.start / base;
    const from = this.vpn;
    try {
      this.mapPaLoop(end, ppn, prop, htl, kernel);
    } finally {
      // The contract's effect on the part done (all of it unless a panic stopped midway).
      this.changed = true;
      this.pt.flat?.set(from, this.vpn - from, pa.start, prop);
    }
  }

  private mapPaLoop(end: number, ppn: number, prop: PageProperty, htl: number, kernel: boolean): void {
    const base = this.ctx.consts.basePageSize;
    while (this.vpn < end) {
      const span = pagesAt(this.level);
      if (this.level > htl || (kernel && this.level >= this.nrLevels - 1) || this.vpn % span !== 0 || this.vpn + span > end || ppn % span !== 0) {
        const lo = this.ctx.readLo(this.curNode().pa, this.curIdx());
        if (isPresentLo(lo) && !isLastLo(lo, this.level)) this.levelDown();
        else if (!isPresentLo(lo)) this.levelDownCreate();
        else this.levelDownSplit();
        continue;
      }
      if (!this.inUntrackedRange()) throw new KernelPanic('CursorMut::map_pa', `debug_assert!(in_untracked_range()) failed at ${hex(this.va)} (CUR-06 audited: checked per page)`);
      this.curNode().setChildUntracked(this.curIdx(), ppn * base, prop, true);
      ppn += span;
      this.moveForward();
    }
  }

  /**
   * `unmap(len)`: removes the mappings of `[va, va + len)`, splitting untracked huge pages that
   * are only partly in it.
   * @throws KernelPanic past the barrier, for an unaligned end, or for part of a tracked huge page.
   */
  unmap(len: number | bigint): void {
    this.live('CursorMut::unmap');
    const base = this.ctx.consts.basePageSize;
    const n = byteLength('CursorMut::unmap', len, base);
    const end = this.vpn + n / base;
    if (end > this.barrierEndVpn) throw new KernelPanic('CursorMut::unmap', `assert!(end <= barrier_va.end) failed: ${hex(this.va)} + ${hex(n)}`);
    const from = this.vpn;
    let done = false;
    try {
      this.unmapLoop(end);
      done = true;
    } finally {
      // The contract: the whole range is unmapped (on a panic, the part passed).
      this.changed = true;
      this.pt.flat?.clear(from, done ? end : this.vpn);
    }
  }

  private unmapLoop(end: number): void {
    const kernel = this.pt.mode.name === 'KernelMode';
    while (this.vpn < end) {
      const lo = this.ctx.readLo(this.curNode().pa, this.curIdx());
      const untracked = this.inUntrackedRange();
      const span = pagesAt(this.level);
      if (!isPresentLo(lo)) {
        // 232e62b breaks when va + page_size > end even for an unaligned va, whose absent entry
        // may end before `end`: the rest of the range stays mapped (the model's own finding; see
        // the module doc). Fixed: break only when the absent entry reaches the end.
        const entryEnd = this.ctx.unmapSkipsRest ? this.vpn + span : (Math.floor(this.vpn / span) + 1) * span;
        if (entryEnd > end) break;
        this.moveForward();
        continue;
      }
      if ((kernel && this.level >= this.nrLevels - 1) || this.vpn % span !== 0 || this.vpn + span > end) {
        if (!isLastLo(lo, this.level)) this.levelDown();
        else if (untracked) this.levelDownSplit();
        else throw new KernelPanic('CursorMut::unmap', `unreachable: the range covers only part of the tracked ${hex(pageSize(this.ctx.consts, this.level))}-byte page at ${hex(this.va)}`);
        continue;
      }
      this.curNode().unsetChild(this.curIdx(), untracked);
      this.moveForward();
    }
  }

  /**
   * `protect(len, op, allow_protect_absent)`: applies `op` to the property of every mapping in
   * `[va, va + len)`, splitting untracked huge pages only partly in it.
   * @throws ProtectingAbsentError / ProtectingPartialError (after the pages before were changed).
   * @throws KernelPanic past the barrier.
   */
  protect(len: number | bigint, op: (prop: PageProperty) => void, allowProtectAbsent: boolean): void {
    this.live('CursorMut::protect');
    const base = this.ctx.consts.basePageSize;
    const n = byteLength('CursorMut::protect', len, 1);
    // A length that is not a page multiple ends inside a page: 232e62b's ProtectingPartial there.
    const end = this.vpn + n / base;
    if (end > this.barrierEndVpn) throw new KernelPanic('CursorMut::protect', `assert!(end <= barrier_va.end) failed: ${hex(this.va)} + ${hex(n)}`);
    // Checking mode records what op made of each leaf, so the flat view is given the results:
    // observing the op, never calling it again (a stateful op runs once per page, as unchecked).
    const flat = this.pt.flat;
    const results: { vpn: number; pages: number; prop: PageProperty }[] | null = flat === null ? null : [];
    let done = false;
    try {
      this.protectLoop(end, op, allowProtectAbsent, results);
      done = true;
    } finally {
      // The contract: `op` on every mapped page of the range (on an error, the pages before it).
      this.changed = true;
      if (flat !== null) for (const r of results!) flat.protect(r.vpn, r.vpn + r.pages, (p) => assignProp(p, r.prop));
      void done;
    }
  }

  private protectLoop(end: number, op: (prop: PageProperty) => void, allowProtectAbsent: boolean, results: { vpn: number; pages: number; prop: PageProperty }[] | null): void {
    while (this.vpn < end) {
      const node = this.curNode();
      const idx = this.curIdx();
      const lo = this.ctx.readLo(node.pa, idx);
      if (!isPresentLo(lo)) {
        if (!allowProtectAbsent) throw new ProtectingAbsentError(this.va);
        this.moveForward();
        continue;
      }
      if (!isLastLo(lo, this.level)) {
        this.levelDown();
        continue;
      }
      const span = pagesAt(this.level);
      const notFit = this.vpn % span !== 0 || this.vpn + span > end;
      if (notFit && this.inUntrackedRange()) {
        this.levelDownSplit();
        continue;
      } else if (notFit) {
        throw new ProtectingPartialError(this.va, pageSize(this.ctx.consts, this.level));
      }
      const prop = propOf(lo, this.ctx.readHi(node.pa, idx), this.level, this.ctx.enc);
      op(prop);
      node.protect(idx, prop);
      if (results !== null) noteResult(results, this.vpn, span, prop);
      this.moveForward();
    }
  }

  /**
   * `drop`: releases the guards; in checking mode, after a change, then checks the three-view
   * refinement over the cursor's range (tree, path and flat; `refinement.ts`).
   * @throws InvariantViolation (Target 12) when the views disagree; the locks are released first.
   */
  override drop(): void {
    super.drop();
    this.checkViews();
  }

  /** `drop` as a coroutine, with the same check. */
  override *dropSteps(): Co<void> {
    yield* super.dropSteps();
    this.checkViews();
  }

  private checkViews(): void {
    if (!this.changed || !this.ctx.check || this.pt.flat === null) return;
    const r = refinementViolations(this.pt, this.pt.flat, { from: this.barrierStartVpn, to: this.barrierEndVpn });
    const v = [...r.treeToPath.map((l) => `tree_to_path: ${l}`), ...r.pathToFlat.map((l) => `path_to_flat: ${l}`), ...r.treeToFlat.map((l) => `tree_to_flat: ${l}`)];
    if (v.length > 0) throw new InvariantViolation(12, 'CursorMut::drop (three-view refinement)', v);
  }

  /** `level_down_create`: a new empty child node at the current (absent) slot, locked. */
  protected levelDownCreate(): void {
    if (this.level <= 1) throw new KernelPanic('CursorMut::level_down_create', 'debug_assert!(self.level > 1) failed');
    const node = PageTableNode.alloc(this.ctx, this.level - 1);
    this.curNode().setChildPt(this.curIdx(), node.cloneRaw(), this.inUntrackedRange());
    this.level -= 1;
    this.guards[this.nrLevels - this.level] = node;
    if (this.ctx.check) reportCursor(this, 'CursorMut::level_down_create');
  }

  /** `level_down_split`: splits the untracked huge page here and goes into the new node. */
  protected levelDownSplit(): void {
    if (this.level <= 1) throw new KernelPanic('CursorMut::level_down_split', `debug_assert!(self.level > 1) failed at ${hex(this.va)}: a range covering part of a base page`);
    if (!this.inUntrackedRange()) throw new KernelPanic('CursorMut::level_down_split', `debug_assert!(in_untracked_range()) failed at ${hex(this.va)}`);
    this.curNode().splitUntrackedHuge(this.curIdx());
    this.levelDown();
  }

  // CUR-06 fixed: every page of [from, to) must be in an untracked range.
  private checkUntracked(from: number, to: number): void {
    const m = this.pt.mode.name;
    const bad = m === 'UserMode' ? from : m === 'KernelMode' ? this.firstTracked(from, to) : -1;
    if (bad >= 0 && bad < to) {
      throw new KernelPanic('CursorMut::map_pa', `the range ${hex(vaOfVpn(this.ctx.consts, from))}..${hex(vaOfVpn(this.ctx.consts, to))} reaches the tracked range at ${hex(vaOfVpn(this.ctx.consts, bad))} (CUR-06 fixed: checked before mapping)`);
    }
  }

  private firstTracked(from: number, to: number): number {
    const s = vpnOf(this.ctx.consts, this.ctx.vmallocRange.start);
    const e = endVpnOf(this.ctx.consts, this.ctx.vmallocRange.end);
    const lo = Math.max(from, s);
    return lo < Math.min(to, e) ? lo : -1;
  }
}

// Records op's result for `pages` pages from `vpn`, extending the last run when it continues it.
function noteResult(results: { vpn: number; pages: number; prop: PageProperty }[], vpn: number, pages: number, prop: PageProperty): void {
  const last = results[results.length - 1];
  if (last !== undefined && last.vpn + last.pages === vpn && propEquals(last.prop, prop)) last.pages += pages;
  else results.push({ vpn, pages, prop: { flags: prop.flags, cache: prop.cache, privFlags: prop.privFlags } });
}

// `op`'s result for one leaf, written into the flat view's copy of a page's property.
function assignProp(p: PageProperty, to: PageProperty): void {
  p.flags = to.flags;
  p.cache = to.cache;
  p.privFlags = to.privFlags;
}

/**
 * A length in bytes for `unmap` / `protect`: a whole, non-negative number (`usize` cannot be
 * negative or fractional), a multiple of `multiple` (`unmap`: 232e62b asserts
 * `end % BASE_PAGE_SIZE == 0`). Checked before anything changes.
 */
function byteLength(fn: string, len: number | bigint, multiple: number): number {
  const ok = typeof len === 'bigint' ? len >= 0n && len <= BigInt(Number.MAX_SAFE_INTEGER) : Number.isSafeInteger(len) && len >= 0;
  if (!ok) throw new CursorLengthError(fn, len);
  const n = Number(len);
  if (n % multiple !== 0) throw new KernelPanic(fn, `assert!(end % BASE_PAGE_SIZE == 0) failed: length ${hex(n)}`);
  return n;
}
