/**
 * Simulated threads and interrupt handlers (both are "contexts": a generator bound to a CPU),
 * and the notion of the context that is running right now. The simulation is single-threaded
 * JavaScript, so "current" is one module variable: the scheduler sets it before resuming a
 * context; outside any scheduled run it is the synchronous context of {@link runToCompletion}.
 * @module
 */
import { Cpu } from './cpu.js';
import { START, type Co, type Effect } from './effect.js';
import type { LockOrderChecker } from './lock-order.js';
import type { SpinLock } from './spin-lock.js';

/** A plain thread, or an interrupt handler running nested on the CPU it interrupted. */
export type ThreadKind = 'thread' | 'irq';

/** One execution context: a generator, the CPU it runs on and the locks it holds. */
export class SimThread {
  /** The effect announced at the last yield (what it does when next resumed). */
  pending: Effect = START;
  /** True once the generator has returned or thrown. */
  done = false;
  /** The generator's return value once done. */
  result: unknown = undefined;
  /** Locks held, in acquisition order. */
  readonly held: SpinLock[] = [];
  /** Step at which this context was first seen blocked at the top of its CPU, or -1. */
  blockedSince = -1;
  /** For an interrupt handler: the IF value to restore when it returns (iret). */
  savedIf = true;

  constructor(
    /** Index among the contexts of its world (creation order). */
    readonly id: number,
    /** Name shown in traces. */
    readonly name: string,
    /** Thread or interrupt handler. */
    readonly kind: ThreadKind,
    /** The CPU it runs on (threads do not migrate). */
    readonly cpu: Cpu,
    /** The running generator. */
    readonly gen: Co<unknown>,
    /** The lock-order checker its lock operations report to, or null for none. */
    readonly lockOrder: LockOrderChecker | null,
    /** For an interrupt handler: its vector; -1 for threads. */
    readonly vector: number = -1,
  ) {}

  /** Depth on its CPU's stack: 0 for the thread, 1 for a handler interrupting it, ... */
  depth(): number {
    return this.cpu.stack.indexOf(this);
  }
}

/** The CPU of synchronous (unscheduled) code; its interrupts are enabled but never delivered. */
const syncCpu = new Cpu(0);
function* idle(): Co<unknown> {
  return undefined;
}
let syncLockOrder: LockOrderChecker | null = null;
let syncThread = new SimThread(-1, 'sync', 'thread', syncCpu, idle(), null);
syncCpu.stack.push(syncThread);
let current: SimThread = syncThread;

/** The context that is running now (the synchronous context outside scheduled runs). */
export function currentThread(): SimThread {
  return current;
}

/** The synchronous context: what runs when no scheduler is driving. */
export function synchronousThread(): SimThread {
  return syncThread;
}

/**
 * Makes `t` the running context and returns the previous one. Only the scheduler calls this.
 * @internal
 */
export function switchTo(t: SimThread): SimThread {
  const prev = current;
  current = t;
  return prev;
}

/**
 * Sets the lock-order checker of synchronous code (none by default), like turning lockdep on
 * for code that runs outside the scheduler. Resets the synchronous context's held locks.
 */
export function setSyncLockOrder(checker: LockOrderChecker | null): void {
  syncLockOrder = checker;
  const wasCurrent = current === syncThread;
  syncCpu.stack.length = 0;
  syncCpu.interruptsEnabled = true;
  syncThread = new SimThread(-1, 'sync', 'thread', syncCpu, idle(), syncLockOrder);
  syncCpu.stack.push(syncThread);
  if (wasCurrent) current = syncThread;
}
