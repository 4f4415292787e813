/**
 * `RawPageTableNode` (FG4.10.1-4.10.5): an unlocked, reference-holding handle to a page-table
 * node — what a PTE or a CPU holds. In the ownership ledger it is one forgotten handle of the
 * node's page; `lock` restores it (`Page::from_raw`) and takes the lock byte, `drop` restores and
 * drops it (the last reference frees the node and, through `PageTablePageMeta::on_drop`, its
 * children).
 *
 * `inc_ref` (used by `clone_shallow` and `child`) is `incRefCount` of the page layer: 232e62b's
 * from_raw / clone / forget / forget, whose transient `ref_count < owners` is MOP-02's switch.
 * NOE-02 (the same function's needless stack handles) is that code, so it is not a separate
 * switch: the only observable difference is MOP-02's.
 *
 * `activate` (FG4.10.4): CR3 <- the node, and the CPU takes a reference (`inc_ref`); the root
 * the CPU's CR3 held a reference to before is released (dropped, freeing it if it was the last).
 * A CPU's first activation releases nothing (232e62b's `first_activate`: the boot page table
 * before it is not reference-counted).
 * @module
 */
import { hex, type CpuState } from '../../machine/index.js';
import type { Co } from '../../sync/index.js';
import { KernelPanic } from '../../util/errors.js';
import { incRefCount, Page, PT_META_OFFSETS } from '../page/index.js';
import { activatePageTable } from '../tlb/activate.js';
import type { PageTableContext } from './context.js';
import { lockNodeNow, lockNodeSteps } from './node-lock.js';
import type { PageTableNode } from './node.js';
import type { Page as PageHandle, PageTablePageMetaFields } from '../page/index.js';

/** Makes the locked node of a raw one: `new PageTableNode(ctx, page, lock)`. */
export type LockedNodeFactory = (ctx: PageTableContext, page: PageHandle<PageTablePageMetaFields>, lock: PageTableNode['lockObject']) => PageTableNode;
let makeLocked: LockedNodeFactory | null = null;

/**
 * node.ts registers how a locked node is made when it loads. raw-node.ts cannot import node.ts
 * back: tslab's module loader recurses forever on an import cycle between files.
 */
export function registerLockedNodeFactory(f: LockedNodeFactory): void {
  makeLocked = f;
}

// The root each CPU's CR3 holds a reference to, and per context the CPUs holding each root.
const cr3Ref = new WeakMap<CpuState, RawPageTableNode>();
const holders = new WeakMap<PageTableContext, Map<number, Set<CpuState>>>();

/** The CPUs whose CR3 holds a reference to the root node at `paddr` (taken by `activate`). */
export function cpusHoldingRoot(ctx: PageTableContext, paddr: number): CpuState[] {
  return [...(holders.get(ctx)?.get(paddr) ?? [])];
}

/** The root node `cpu`'s CR3 holds a reference to, or null (never activated through `activate`). */
export function activeRootOf(cpu: CpuState): { readonly ctx: PageTableContext; readonly paddr: number } | null {
  const r = cr3Ref.get(cpu);
  return r === undefined ? null : { ctx: r.ctx, paddr: r.raw };
}

function setHolder(ctx: PageTableContext, paddr: number, cpu: CpuState, on: boolean): void {
  let m = holders.get(ctx);
  if (m === undefined) holders.set(ctx, (m = new Map()));
  let set = m.get(paddr);
  if (set === undefined) m.set(paddr, (set = new Set()));
  if (on) set.add(cpu);
  else {
    set.delete(cpu);
    if (set.size === 0) m.delete(paddr);
  }
}

/** `RawPageTableNode<E, C>`. */
export class RawPageTableNode {
  private state: 'live' | 'consumed' = 'live';

  /** @internal made by `PageTableNode.intoRaw` / `cloneRaw`, `child`, `cloneShallow`. */
  constructor(
    /** The page-table layer. */
    readonly ctx: PageTableContext,
    /** `raw`: the node's physical address. */
    readonly raw: number,
    /** The node's level. */
    readonly level: number,
  ) {}

  /** `paddr()`. */
  paddr(): number {
    return this.raw;
  }

  /** True until locked, dropped or given to a PTE. */
  get isLive(): boolean {
    return this.state === 'live';
  }

  /**
   * `lock(self)` synchronously: the handle becomes a locked {@link PageTableNode}.
   * @throws WouldBlockError when another context holds the node (the kernel would spin).
   */
  lock(): PageTableNode {
    this.use('RawPageTableNode::lock');
    const lock = lockNodeNow(this.ctx, this.raw, this.level);
    return this.locked(lock);
  }

  /** `lock(self)` as a coroutine: the compare-exchange is a preemption point, a held byte is spun on. */
  *lockSteps(): Co<PageTableNode> {
    this.use('RawPageTableNode::lock');
    const lock = yield* lockNodeSteps(this.ctx, this.raw, this.level);
    return this.locked(lock);
  }

  /** `clone_shallow`: another raw handle (`inc_ref`: ref_count + 1). */
  cloneShallow(): RawPageTableNode {
    this.use('RawPageTableNode::clone_shallow');
    incRefCount(this.ctx.pages, this.raw, this.ctx.ptMeta);
    return new RawPageTableNode(this.ctx, this.raw, this.level);
  }

  /**
   * `activate(&self)` on `cpu`: CR3 <- the node (`activate_page_table`, write-back); unless it
   * was already active there, the CPU takes a reference (ref_count + 1) and releases the one it
   * held on the previous root (the last reference frees that tree).
   * @throws KernelPanic for a node that is not a root (debug_assert on the level).
   */
  activate(cpu: CpuState): void {
    this.use('RawPageTableNode::activate');
    if (this.level !== this.ctx.consts.nrLevels) throw new KernelPanic('RawPageTableNode::activate', `debug_assert_eq!(self.level, NR_LEVELS) failed: node ${hex(this.raw)} is level ${this.level}`);
    const last = cr3Ref.get(cpu);
    activatePageTable(cpu, this.raw, 'Writeback');
    if (last !== undefined && last.raw === this.raw && last.ctx === this.ctx) return;
    incRefCount(this.ctx.pages, this.raw, this.ctx.ptMeta);
    const mine = new RawPageTableNode(this.ctx, this.raw, this.level);
    cr3Ref.set(cpu, mine);
    setHolder(this.ctx, this.raw, cpu, true);
    if (last !== undefined) {
      setHolder(last.ctx, last.raw, cpu, false);
      last.drop();
    }
  }

  /** `nr_valid_children`. */
  nrValidChildren(): number {
    this.use('RawPageTableNode::nr_valid_children');
    return this.ctx.pages.meta.innerU16(this.raw / 4096, PT_META_OFFSETS.nrChildren);
  }

  /**
   * `drop`: ref_count - 1; the last reference frees the node and its children.
   * @throws KernelPanic when the node maps untracked pages; the handle then stays live.
   */
  drop(): void {
    this.use('RawPageTableNode::drop');
    const page = Page.fromRaw(this.ctx.pages, this.raw, this.ctx.ptMeta);
    try {
      page.drop();
    } catch (e) {
      // on_drop refused (untracked children): the reference stays with this handle.
      if (page.isLive) page.intoRaw();
      throw e;
    }
    this.state = 'consumed';
  }

  /** `ManuallyDrop::new(self)`: the reference now belongs to a PTE (or a CPU). @internal */
  forget(): number {
    this.use('RawPageTableNode (ownership transfer)');
    this.state = 'consumed';
    return this.raw;
  }

  private locked(lock: PageTableNode['lockObject']): PageTableNode {
    this.state = 'consumed';
    const page = Page.fromRaw(this.ctx.pages, this.raw, this.ctx.ptMeta);
    if (this.ctx.check && this.ctx.pages.meta.innerU8(this.raw / 4096, PT_META_OFFSETS.level) !== this.level) {
      throw new KernelPanic('RawPageTableNode::lock', `debug_assert page.meta().level == self.level failed for node ${hex(this.raw)}`);
    }
    // node.ts is loaded whenever a raw node exists: only PageTableNode makes them.
    return makeLocked!(this.ctx, page, lock);
  }

  private use(fn: string): void {
    if (this.state !== 'live') throw new KernelPanic(fn, `raw handle of node ${hex(this.raw)} used after it was locked, dropped or given away`);
  }
}
