/**
 * Spin locks as the kernel has them (`SpinLock::lock` and `SpinLock::lock_irq_disabled`), with
 * guards that release. Acquire and release are preemption points; while a lock is held by
 * another context the acquiring context cannot run (the scheduler counts the steps it would
 * have spun for the liveness check). Lock classes and levels feed the lock-order checker.
 *
 * Simplification: sequential consistency only; acquire/release ordering of memory is implied.
 * @module
 */
import { IRQ_ENABLED_WINDOW, type AcquireEffect, type Co, type Lockable, type ReleaseEffect } from './effect.js';
import { GuardError, WouldBlockError } from './errors.js';
import { lockClass, type LockClass } from './lock-class.js';
import { runToCompletion } from './run-to-completion.js';
import { currentThread, type SimThread } from './thread.js';

/** Options of a {@link SpinLock}. */
export interface SpinLockOptions {
  /** Its lock class (default: the class named like the lock). */
  readonly class?: LockClass;
  /** Its level within a hierarchical class (page-table nodes: 4 root ... 1 leaf). */
  readonly level?: number;
}

/** A simulated spin lock. */
export class SpinLock implements Lockable {
  /** The context holding it, or null. */
  holder: SimThread | null = null;
  /** Its lock class. */
  readonly lockClass: LockClass;
  /** Its level within a hierarchical class (0 when not hierarchical). */
  readonly level: number;
  private readonly acquireEffect: AcquireEffect;
  private readonly acquireIrqEffect: AcquireEffect;
  /** @internal */
  readonly releaseEffect: ReleaseEffect;

  constructor(
    /** Name shown in traces and reports. */
    readonly name: string,
    opts: SpinLockOptions = {},
  ) {
    this.lockClass = opts.class ?? lockClass(name);
    this.level = opts.level ?? 0;
    this.acquireEffect = { kind: 'acquire', lock: this, irqDisabled: false };
    this.acquireIrqEffect = { kind: 'acquire', lock: this, irqDisabled: true };
    this.releaseEffect = { kind: 'release', lock: this };
  }

  /** True while some context holds it. */
  isLocked(): boolean {
    return this.holder !== null;
  }

  /** `SpinLock::lock`: spins until the lock is free, leaving interrupts as they are. */
  *lock(): Co<SpinGuard> {
    const t = currentThread();
    if (t.lockOrder) t.lockOrder.onAcquire(t, this);
    yield this.acquireEffect;
    this.take(t);
    return new SpinGuard(this, t, false, false);
  }

  /**
   * `SpinLock::lock_irq_disabled`: disables local interrupts first (so no interrupt can arrive
   * while it spins or holds the lock), then spins; the guard restores the saved IF.
   */
  *lockIrqDisabled(): Co<SpinGuard> {
    const t = currentThread();
    const saved = t.cpu.interruptsEnabled;
    t.cpu.interruptsEnabled = false;
    if (t.lockOrder) t.lockOrder.onAcquire(t, this);
    yield this.acquireIrqEffect;
    this.take(t);
    return new SpinGuard(this, t, true, saved);
  }

  /** Runs `body` holding the lock and releases it afterwards, also when `body` throws. */
  *locked<R>(body: () => Co<R>, opts: { irqDisabled?: boolean } = {}): Co<R> {
    const g = opts.irqDisabled === true ? yield* this.lockIrqDisabled() : yield* this.lock();
    let r: R;
    try {
      r = yield* body();
    } catch (e) {
      if (!g.released) g.releaseNow();
      throw e;
    }
    yield* g.release();
    return r;
  }

  /** Synchronous `lock()`: runs `fn` holding the lock (see {@link runToCompletion}). */
  withLock<R>(fn: () => R): R {
    const g = runToCompletion(this.lock());
    try {
      return fn();
    } finally {
      g.releaseNow();
    }
  }

  /** Synchronous `lockIrqDisabled()`: runs `fn` holding the lock with interrupts disabled. */
  withLockIrqDisabled<R>(fn: () => R): R {
    const g = runToCompletion(this.lockIrqDisabled());
    try {
      return fn();
    } finally {
      g.releaseNow();
    }
  }

  private take(t: SimThread): void {
    // The scheduler never resumes a context whose lock is taken; this guards direct misuse.
    if (this.holder !== null) throw new WouldBlockError(`spin lock '${this.name}'`, this.holder.name, this.holder === t);
    this.holder = t;
    t.held.push(this);
  }

  /** @internal releases on behalf of `t` (the guard checks ownership). */
  give(t: SimThread): void {
    this.holder = null;
    const i = t.held.lastIndexOf(this);
    if (i >= 0) t.held.splice(i, 1);
  }
}

/** Proof of holding a {@link SpinLock}; releasing it releases the lock (and restores IF). */
export class SpinGuard {
  /** True once released. */
  released = false;

  /** @internal created by the lock. */
  constructor(
    /** The lock held. */
    readonly lock: SpinLock,
    /** The context holding it. */
    readonly owner: SimThread,
    /** True when taken with `lockIrqDisabled`. */
    readonly irqDisabled: boolean,
    /** IF before `lockIrqDisabled` disabled interrupts. */
    readonly savedIf: boolean,
  ) {}

  /** Releases the lock (a preemption point); re-enabling interrupts is an IRQ window. */
  *release(): Co<void> {
    this.check();
    yield this.lock.releaseEffect;
    this.finish();
    if (this.irqDisabled && this.savedIf) {
      this.owner.cpu.interruptsEnabled = true;
      yield IRQ_ENABLED_WINDOW;
    }
  }

  /** Releases at once (synchronous code, or cleanup after an exception). */
  releaseNow(): void {
    this.check();
    this.finish();
    if (this.irqDisabled && this.savedIf) this.owner.cpu.interruptsEnabled = true;
  }

  private check(): void {
    if (this.released) throw new GuardError(this.lock.name, 'guard released twice');
    const t = currentThread();
    if (t !== this.owner) throw new GuardError(this.lock.name, `released by '${t.name}' but held by '${this.owner.name}'`);
  }

  private finish(): void {
    this.released = true;
    const t = this.owner;
    // Report while the lock still counts as held, but release even when the checker throws.
    try {
      if (t.lockOrder) t.lockOrder.onRelease(t, this.lock);
    } finally {
      this.lock.give(t);
    }
  }
}
