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
 * @module
 */
import { hex } from '../../machine/index.js';
import type { Co } from '../../sync/index.js';
import { KernelPanic } from '../../util/errors.js';
import { incRefCount, Page, PT_META_OFFSETS } from '../page/index.js';
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

// Imports bound once: under vitest's module runner every use of an import is a getter call.
const _incRefCount = incRefCount;
const _Page = Page;
const _NR_CHILDREN: number = PT_META_OFFSETS.nrChildren;
const _LEVEL: number = PT_META_OFFSETS.level;
const _lockNodeNow = lockNodeNow;
const _lockNodeSteps = lockNodeSteps;

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
    const lock = _lockNodeNow(this.ctx, this.raw, this.level);
    return this.locked(lock);
  }

  /** `lock(self)` as a coroutine: the compare-exchange is a preemption point, a held byte is spun on. */
  *lockSteps(): Co<PageTableNode> {
    this.use('RawPageTableNode::lock');
    const lock = yield* _lockNodeSteps(this.ctx, this.raw, this.level);
    return this.locked(lock);
  }

  /** `clone_shallow`: another raw handle (`inc_ref`: ref_count + 1). */
  cloneShallow(): RawPageTableNode {
    this.use('RawPageTableNode::clone_shallow');
    _incRefCount(this.ctx.pages, this.raw, this.ctx.ptMeta);
    return new RawPageTableNode(this.ctx, this.raw, this.level);
  }

  /** `nr_valid_children`. */
  nrValidChildren(): number {
    this.use('RawPageTableNode::nr_valid_children');
    return this.ctx.pages.meta.innerU16(this.raw / 4096, _NR_CHILDREN);
  }

  /**
   * `drop`: ref_count - 1; the last reference frees the node and its children.
   * @throws KernelPanic when the node maps untracked pages; the handle then stays live.
   */
  drop(): void {
    this.use('RawPageTableNode::drop');
    const page = _Page.fromRaw(this.ctx.pages, this.raw, this.ctx.ptMeta);
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
    const page = _Page.fromRaw(this.ctx.pages, this.raw, this.ctx.ptMeta);
    if (this.ctx.check && this.ctx.pages.meta.innerU8(this.raw / 4096, _LEVEL) !== this.level) {
      throw new KernelPanic('RawPageTableNode::lock', `debug_assert page.meta().level == self.level failed for node ${hex(this.raw)}`);
    }
    // node.ts is loaded whenever a raw node exists: only PageTableNode makes them.
    return makeLocked!(this.ctx, page, lock);
  }

  private use(fn: string): void {
    if (this.state !== 'live') throw new KernelPanic(fn, `raw handle of node ${hex(this.raw)} used after it was locked, dropped or given away`);
  }
}
