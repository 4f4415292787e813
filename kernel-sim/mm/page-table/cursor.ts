/**
 * `Cursor` (FG4.11.1-4.11.7, 232e62b `mm/page_table/cursor.rs`): navigation over a page table
 * with the fine-grained lock protocol — `new` locks from the root down to the lowest node that
 * covers the whole range, releasing each parent once the child is locked (hand over hand), and
 * keeps the guards from that node (`guard_level`) down to the current `level`.
 *
 * The cursor computes on virtual page numbers (numbers; see `paging-consts.ts`); addresses in
 * and out are bigint.
 *
 * Findings:
 * - CUR-03 (switch): audited, `drop` releases the guards in array order, root side first (the
 *   default `Drop` of `[Option<PageTableNode>; N]`); fixed (fef8eeb), leaf to root. The
 *   lock-order checker reports the audited order (`hierarchy-release`). All guards are released
 *   either way; the first checker error is rethrown afterwards.
 * - CUR-01 (`level_down` computes an unused `pte_index`): no observable effect; not a switch.
 * - CUR-07 (`leak_root_guard` on `CursorMut` only): the fix (ac6d925) is modelled — it is on
 *   `Cursor`, and `CursorMut` extends `Cursor`. Its behaviour is identical either way, so there
 *   is nothing to switch.
 *
 * Simplifications: `new` releases each parent during the descent without reporting it to the
 * lock-order checker (the protocol's hand-over-hand step; the checker's release rule is about the
 * order guards are dropped in). Between `newSteps` and `dropSteps` the operations run without
 * preemption points: under the protocol no other cursor can reach the locked subtree.
 * An empty or reversed range is refused with `InvalidVaddrRange` (232e62b computes
 * `va.end - 1`, which overflows for an end of 0).
 * @module
 */
import { hex } from '../../machine/index.js';
import type { Co } from '../../sync/index.js';
import { KernelPanic } from '../../util/errors.js';
import type { Frame } from '../handles/index.js';
import { CHILD_NONE, type Child } from './child.js';
import type { PageTableContext } from './context.js';
import { InvalidVaddrRangeError, UnalignedVaddrError } from './errors.js';
import { reportCursor, type CursorView } from './invariants.js';
import { modeCovers, type PageTableMode } from './mode.js';
import type { PageTableNode } from './node.js';
import type { PageProperty } from './page-prop.js';
import { pagesAt, pageSize, pteIndexOfVpn } from './paging-consts.js';
import type { PageTable } from './page-table.js';
import { isLastLo, isPresentLo, propOf } from './pte.js';
import { endVpnOf, isCanonical, vaOfVpn, vpnOf } from './vaddr.js';

/** `PageTableQueryResult`. */
export type PageTableQueryResult =
  | { readonly kind: 'NotMapped'; readonly va: bigint; readonly len: number }
  | { readonly kind: 'Mapped'; readonly va: bigint; readonly frame: Frame; readonly prop: PageProperty }
  | { readonly kind: 'MappedUntracked'; readonly va: bigint; readonly pa: number; readonly len: number; readonly prop: PageProperty };

/** `Cursor<'a, M, E, C>`. */
export class Cursor implements CursorView {
  /** The page-table layer. */
  readonly ctx: PageTableContext;
  /** `guards[NR_LEVELS - level]`: the locked node at each level, or null. */
  protected readonly guards: (PageTableNode | null)[];
  /** `level`: the current level. */
  level: number;
  /** `guard_level`: locks are held from here down to `level`. */
  guardLevel: number;
  /** `va` as a virtual page number. */
  vpn: number;
  /** `barrier_va.start` as a page number. */
  readonly barrierStartVpn: number;
  /** `barrier_va.end` as a page number (exclusive). */
  readonly barrierEndVpn: number;
  /** True once dropped (or its root guard leaked). */
  protected dropped = false;
  protected readonly nrLevels: number;
  private readonly vmStart: number;
  private readonly vmEnd: number;

  /** @internal use {@link Cursor.new} / {@link Cursor.newSteps}. */
  protected constructor(
    /** `pt`: the page table. */
    readonly pt: PageTable,
    /** `barrier_va` as given. */
    readonly barrier: { readonly start: bigint; readonly end: bigint },
  ) {
    this.ctx = pt.ctx;
    const c = this.ctx.consts;
    this.nrLevels = c.nrLevels;
    this.guards = new Array<PageTableNode | null>(c.nrLevels).fill(null);
    this.level = c.nrLevels;
    this.guardLevel = c.nrLevels;
    this.vpn = vpnOf(c, barrier.start);
    this.barrierStartVpn = this.vpn;
    this.barrierEndVpn = endVpnOf(c, barrier.end);
    this.vmStart = vpnOf(c, this.ctx.vmallocRange.start);
    this.vmEnd = endVpnOf(c, this.ctx.vmallocRange.end);
  }

  /**
   * `Cursor::new(pt, va)`: locks the root, then goes down while one child covers the range.
   * @throws InvalidVaddrRangeError outside the mode's space; UnalignedVaddrError.
   * @throws WouldBlockError when another context holds a node on the way (synchronous code).
   */
  static new(pt: PageTable, start: bigint, end: bigint): Cursor {
    const c = new Cursor(pt, validateRange(pt, start, end));
    c.descendNow();
    return c;
  }

  /** `Cursor::new` as a coroutine: every lock acquisition is a preemption point. */
  static *newSteps(pt: PageTable, start: bigint, end: bigint): Co<Cursor> {
    const c = new Cursor(pt, validateRange(pt, start, end));
    yield* c.descendSteps();
    return c;
  }

  /** The current virtual address. */
  get va(): bigint {
    return vaOfVpn(this.ctx.consts, this.vpn);
  }

  /** The guard at `level`, or null (for the Target 11 checks). */
  guardAt(level: number): PageTableNode | null {
    return this.guards[this.nrLevels - level] ?? null;
  }

  /** True until dropped. */
  get isLive(): boolean {
    return !this.dropped;
  }

  /**
   * `query`: goes down to the leaf of the current address and reports it; null past the end.
   */
  query(): PageTableQueryResult | null {
    this.live('Cursor::query');
    if (this.vpn >= this.barrierEndVpn) return null;
    for (;;) {
      const level = this.level;
      const va = this.va;
      const node = this.curNode();
      const idx = this.curIdx();
      const lo = this.ctx.readLo(node.pa, idx);
      if (!isPresentLo(lo)) return { kind: 'NotMapped', va, len: pageSize(this.ctx.consts, level) };
      if (!isLastLo(lo, level)) {
        this.levelDown();
        continue;
      }
      const prop = propOf(lo, this.ctx.readHi(node.pa, idx), level, this.ctx.enc);
      const c = this.curChild();
      if (c.kind === 'Frame') return { kind: 'Mapped', va, frame: c.frame, prop };
      if (c.kind === 'Untracked') return { kind: 'MappedUntracked', va, pa: c.paddr, len: pageSize(this.ctx.consts, level), prop };
      throw new KernelPanic('Cursor::query', 'unreachable: the PTE was checked');
    }
  }

  /** `Iterator::next`: `query`, then `move_forward` when there was something. */
  next(): PageTableQueryResult | null {
    const r = this.query();
    if (r !== null) this.moveForward();
    return r;
  }

  /** `move_forward`: to the next PTE, going up past the end of a node (not above `guard_level`). */
  moveForward(): void {
    const ps = pagesAt(this.level);
    const next = (Math.floor(this.vpn / ps) + 1) * ps;
    while (this.level < this.guardLevel && pteIndexOfVpn(next, this.level) === 0) this.levelUp();
    this.vpn = next;
    if (this.ctx.check) reportCursor(this, 'Cursor::move_forward');
  }

  /** `level_up`: releases the current node's guard. */
  levelUp(): void {
    const i = this.nrLevels - this.level;
    const g = this.guards[i]!;
    this.guards[i] = null;
    this.level += 1;
    g.drop();
    if (this.ctx.check) reportCursor(this, 'Cursor::level_up');
  }

  /** `level_down`: locks the child page table of the current PTE and goes to it. */
  levelDown(): void {
    if (this.level <= 1) throw new KernelPanic('Cursor::level_down', 'debug_assert!(self.level > 1) failed');
    const c = this.curChild(); // CUR-01: 232e62b also computes an unused pte_index here
    if (c.kind !== 'PageTable') {
      if (c.kind === 'Frame') c.frame.drop();
      throw new KernelPanic('Cursor::level_down', 'Trying to level down when it is not mapped to a page table');
    }
    const node = c.node.lock();
    this.level -= 1;
    this.guards[this.nrLevels - this.level] = node;
    if (this.ctx.check) reportCursor(this, 'Cursor::level_down');
  }

  /**
   * `leak_root_guard`: consumes the cursor and returns the locked root when it holds it
   * (guard_level is the root), else drops it and returns null. (On `Cursor` as CUR-07's fix.)
   */
  leakRootGuard(): PageTableNode | null {
    this.live('Cursor::leak_root_guard');
    if (this.guardLevel !== this.nrLevels) {
      this.drop();
      return null;
    }
    while (this.level < this.nrLevels) this.levelUp();
    const root = this.guards[0]!;
    this.guards[0] = null;
    this.dropped = true;
    return root;
  }

  /** `drop`: releases every guard (leaf to root; root first with CUR-03 audited). */
  drop(): void {
    this.live('Cursor::drop');
    this.dropped = true;
    const rootFirst = this.ctx.bugs.has('CUR-03');
    let err: unknown = null;
    const n = this.nrLevels;
    for (let k = 0; k < n; k++) {
      const i = rootFirst ? k : n - 1 - k;
      const g = this.guards[i];
      if (g === null || g === undefined) continue;
      this.guards[i] = null;
      try {
        g.drop();
      } catch (e) {
        if (err === null) err = e;
      }
    }
    if (err !== null) throw err;
  }

  /** `drop` as a coroutine: each release is a preemption point. */
  *dropSteps(): Co<void> {
    this.live('Cursor::drop');
    this.dropped = true;
    const rootFirst = this.ctx.bugs.has('CUR-03');
    const n = this.nrLevels;
    for (let k = 0; k < n; k++) {
      const i = rootFirst ? k : n - 1 - k;
      const g = this.guards[i];
      if (g === null || g === undefined) continue;
      if (g.lockObject !== null) yield g.lockObject.releaseEffect;
      this.guards[i] = null;
      g.drop();
    }
  }

  /** `[Symbol.dispose]`: drops the cursor if still live. */
  [Symbol.dispose](): void {
    if (!this.dropped) this.drop();
  }

  /** `cur_node`. */
  protected curNode(): PageTableNode {
    return this.guards[this.nrLevels - this.level]!;
  }

  /** `cur_idx`. */
  protected curIdx(): number {
    return pteIndexOfVpn(this.vpn, this.level);
  }

  /** `cur_child`. */
  protected curChild(): Child {
    const node = this.guards[this.nrLevels - this.level];
    return node ? node.child(this.curIdx(), !this.inUntrackedRange()) : CHILD_NONE;
  }

  /**
   * `in_untracked_range`: DeviceMode always; KernelMode outside `VMALLOC_VADDR_RANGE`;
   * UserMode never.
   */
  inUntrackedRange(): boolean {
    return this.inUntrackedVpn(this.vpn);
  }

  /** `in_untracked_range` at another virtual page of this page table. */
  inUntrackedVpn(vpn: number): boolean {
    const m = this.pt.mode.name;
    return m === 'DeviceMode' || (m === 'KernelMode' && !(vpn >= this.vmStart && vpn < this.vmEnd));
  }

  protected live(fn: string): void {
    if (this.dropped) throw new KernelPanic(fn, 'cursor used after drop');
  }

  // Cursor::new's descent: can a child cover the whole range?
  private canDescend(): boolean {
    const node = this.curNode();
    const lo = this.ctx.readLo(node.pa, this.curIdx());
    const levelTooHigh = pteIndexOfVpn(this.barrierStartVpn, this.level) === pteIndexOfVpn(Math.ceil(this.barrierEndVpn) - 1, this.level);
    return levelTooHigh && isPresentLo(lo) && !isLastLo(lo, this.level);
  }

  // After locking the child: release the previous level's guard (hand over hand).
  private handOver(): void {
    const i = this.nrLevels - this.level - 1;
    const parent = this.guards[i]!;
    this.guards[i] = null;
    this.guardLevel -= 1;
    parent.dropHandOver(); // the protocol's crab step (see the module doc)
  }

  /** `Cursor::new`'s locking descent, synchronously. */
  protected descendNow(): void {
    this.guards[0] = this.pt.root.cloneShallow().lock();
    while (this.canDescend()) {
      this.levelDown();
      this.handOver();
    }
    if (this.ctx.check) reportCursor(this, 'Cursor::new');
  }

  /** `Cursor::new`'s locking descent as a coroutine. */
  protected *descendSteps(): Co<void> {
    this.guards[0] = yield* this.pt.root.cloneShallow().lockSteps();
    while (this.canDescend()) {
      const c = this.curChild();
      if (c.kind !== 'PageTable') throw new KernelPanic('Cursor::level_down', 'Trying to level down when it is not mapped to a page table');
      const node = yield* c.node.lockSteps();
      this.level -= 1;
      this.guards[this.nrLevels - this.level] = node;
      this.handOver();
    }
    if (this.ctx.check) reportCursor(this, 'Cursor::new');
  }
}

/** Validates `Cursor::new`'s range. */
export function validateRange(pt: PageTable, start: bigint, end: bigint): { start: bigint; end: bigint } {
  const m: PageTableMode = pt.mode;
  const c = pt.ctx.consts;
  if (!modeCovers(m, start, end) || end <= start) {
    const why = end <= start ? 'empty or reversed range' : !isCanonical(start, c.addressWidth) || !isCanonical(end - 1n, c.addressWidth) ? `non-canonical for ${c.addressWidth}-bit addresses and outside the mode's space` : `outside [${hex(m.start)}, ${hex(m.end)})`;
    throw new InvalidVaddrRangeError(start, end, m.name, why);
  }
  if (start % BigInt(c.basePageSize) !== 0n) throw new UnalignedVaddrError(start, c.basePageSize);
  if (end % BigInt(c.basePageSize) !== 0n) throw new UnalignedVaddrError(end, c.basePageSize);
  return { start, end };
}
