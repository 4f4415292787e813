/**
 * Running heap code under a simulated spin lock so the lock is released however the code ends:
 * normally (a release yield, a preemption point), by an exception, or by the synchronous driver
 * abandoning the coroutine at a would-block point (generator `return`, which `catch` misses).
 * @module
 */
import { coOf, currentThread, disableLocalIrq, enableLocalIrq, type Co, type SpinLock } from '../../sync/index.js';

/** Runs `body` holding `lock` (taken with `lock()` or `lockIrqDisabled()`). */
export function* holding<R>(lock: SpinLock, irqDisabled: boolean, body: () => Co<R>): Co<R> {
  const g = irqDisabled ? yield* lock.lockIrqDisabled() : yield* lock.lock();
  let ok = false;
  let r!: R;
  try {
    r = yield* body();
    ok = true;
  } finally {
    if (!ok && !g.released) g.releaseNow();
  }
  yield* g.release();
  return r;
}

/** Runs the plain function `fn` holding `lock`. */
export function holdingSync<R>(lock: SpinLock, irqDisabled: boolean, fn: () => R): Co<R> {
  return holding(lock, irqDisabled, () => coOf(fn));
}

/** Runs `body` with local interrupts disabled (`trap::disable_local()`), restoring IF after. */
export function* irqsDisabled<R>(body: () => Co<R>): Co<R> {
  const cpu = currentThread().cpu;
  const was = disableLocalIrq();
  let ok = false;
  let r!: R;
  try {
    r = yield* body();
    ok = true;
  } finally {
    if (!ok) cpu.interruptsEnabled = was;
  }
  if (was) yield* enableLocalIrq();
  return r;
}
