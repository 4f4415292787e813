/**
 * The lock of a page-table node (FG4.10.1): the `lock: AtomicU8` in the node's
 * `PageTablePageMeta`, taken with `compare_exchange(0, 1, Acquire)` in a spin loop and released
 * with `store(0, Release)`. The byte in the metadata is the truth; a `SpinLock` object of class
 * `page-table-node` (level = the node's level) stands for it in the running context's held
 * locks, so the lock-order checker sees the root-to-leaf protocol of FG4.11.
 *
 * Two forms: {@link lockNodeSteps} (a coroutine: the compare-exchange is a preemption point and
 * a held byte is waited for with `spinUntil`, as `audit/scenarios/target-07.ts` does) and
 * {@link lockNodeNow} (synchronous code: a held byte cannot be waited for, so it throws
 * `WouldBlockError` — the kernel would spin forever).
 *
 * A node made by `PageTableNode::alloc` is "initialized as held" without a compare-exchange; it
 * is not announced to the lock-order checker (lockdep would not see it either), and releasing
 * it only stores 0.
 * @module
 */
import { hex, PAGE_SIZE } from '../../machine/index.js';
import { currentThread, spinUntil, WouldBlockError, type AtomicEffect, type Co, type SpinLock } from '../../sync/index.js';
import type { PageTableContext } from './context.js';

const LOCK_BYTE = 0; // PT_META_OFFSETS.lock

const CAS: AtomicEffect = Object.freeze({ kind: 'atomic', target: 'pt lock byte', op: 'compareExchange' });

/** The node's lock byte. */
export function lockByte(ctx: PageTableContext, paddr: number): number {
  return ctx.pages.meta.innerU8(paddr / PAGE_SIZE, LOCK_BYTE);
}

/** Stores the node's lock byte. */
export function setLockByte(ctx: PageTableContext, paddr: number, v: number): void {
  ctx.pages.meta.setInnerU8(paddr / PAGE_SIZE, LOCK_BYTE, v);
}

// The byte is 0: take it and record the holder.
function take(ctx: PageTableContext, lock: SpinLock, paddr: number): void {
  const t = currentThread();
  setLockByte(ctx, paddr, 1);
  lock.holder = t;
  t.held.push(lock);
  ctx.stats.lockAcquires++;
}

/**
 * `RawPageTableNode::lock`'s loop, synchronously. Returns the lock object now held.
 * @throws WouldBlockError when the byte is held (by this context: a self-deadlock).
 * @throws LockOrderViolation (from the checker) before taking it, when out of order.
 */
export function lockNodeNow(ctx: PageTableContext, paddr: number, level: number): SpinLock {
  const lock = ctx.lockOf(paddr, level);
  const t = currentThread();
  if (t.lockOrder !== null) t.lockOrder.onAcquire(t, lock);
  if (lockByte(ctx, paddr) !== 0) {
    const h = lock.holder;
    throw new WouldBlockError(`the lock byte of page-table node ${hex(paddr)}`, h !== null ? h.name : null, h === t);
  }
  take(ctx, lock, paddr);
  return lock;
}

/** `RawPageTableNode::lock`'s loop as a coroutine: CAS, spinning while the byte is held. */
export function* lockNodeSteps(ctx: PageTableContext, paddr: number, level: number): Co<SpinLock> {
  const lock = ctx.lockOf(paddr, level);
  const t = currentThread();
  if (t.lockOrder !== null) t.lockOrder.onAcquire(t, lock);
  for (;;) {
    yield CAS;
    if (lockByte(ctx, paddr) === 0) {
      take(ctx, lock, paddr);
      return lock;
    }
    yield* spinUntil(() => lockByte(ctx, paddr) === 0, `the lock byte of page-table node ${hex(paddr)}`, () => lock.holder);
  }
}

/**
 * `lock.store(0, Release)`. With `lock` (taken by a compare-exchange) the checker hears of the
 * release first; the byte is cleared even when the checker throws.
 */
export function unlockNode(ctx: PageTableContext, paddr: number, lock: SpinLock | null): void {
  if (lock === null) {
    setLockByte(ctx, paddr, 0);
    return;
  }
  const t = lock.holder !== null ? lock.holder : currentThread();
  try {
    if (t.lockOrder !== null) t.lockOrder.onRelease(t, lock);
  } finally {
    setLockByte(ctx, paddr, 0);
    lock.give(t);
  }
}
